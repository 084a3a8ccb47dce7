import pLimit from 'p-limit'

import type { IamGateway } from '../aws/iam-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import { toIamkitError } from '../to-iamkit-error.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import { longTermKeys } from '../profiles/profile-keys.js'
import { readSession } from '../session/session-cache.js'
import { isUsableToSign } from '../session/session-credentials.js'
import type { KeyCheck, ProfileStatus } from './profile-status.js'

export interface KeyCheckDeps {
  snapshot: ProfileSnapshot
  /** One IAM gateway per profile: each profile may sign for another account. */
  iamFor(profile: string): IamGateway
  now: Date
  concurrency?: number
}

/**
 * `status --check`: the age and last use of each user profile's access key, from one
 * iam:ListAccessKeys and one iam:GetAccessKeyLastUsed per profile, a few profiles at a time.
 * Each call is signed with the profile's stored MFA session when it has one (policies that
 * demand MFA), else with the key itself. A failure is kept on that profile, never guessed over.
 */
export async function checkKeys(statuses: ProfileStatus[], deps: KeyCheckDeps): Promise<ProfileStatus[]> {
  const limit = pLimit(deps.concurrency ?? 4)
  return Promise.all(statuses.map((status) => (status.kind === 'user' && status.keyStore === 'file' ? limit(async () => ({ ...status, key: await checkKey(status.profile, deps) })) : status)))
}

async function checkKey(name: string, deps: KeyCheckDeps): Promise<KeyCheck> {
  const profile = deps.snapshot.require(name)
  const keys = longTermKeys(profile)
  const session = readSession(deps.snapshot, name)
  const signer: Credentials = session && isUsableToSign(session, deps.now) ? session : keys
  const iam = deps.iamFor(name)
  try {
    const listed = (await iam.listAccessKeys(signer, profile.settings.username)).find((k) => k.accessKeyId === keys.accessKeyId)
    if (!listed) return { accessKeyId: keys.accessKeyId, error: `IAM does not list ${keys.accessKeyId} for this user (deleted, or another user's key)` }
    const use = await iam.getAccessKeyLastUsed(signer, keys.accessKeyId)
    return {
      accessKeyId: keys.accessKeyId,
      status: listed.status,
      ageDays: Math.floor((deps.now.getTime() - listed.createDate.getTime()) / 86_400_000),
      lastUsed: use.lastUsedDate ? use.lastUsedDate.toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
    }
  } catch (err) {
    return { accessKeyId: keys.accessKeyId, error: toIamkitError(err).message.split('\n')[0]! }
  }
}
