import type { AccessKeyInfo, AccessKeyLastUse } from '../aws/iam-gateway.js'
import { explainDenied } from './permission-error.js'
import type { RotationDeps } from './rotation-deps.js'
import { deniedContext, type RotationSession } from './rotation-session.js'

const DAY_MS = 86_400_000

/** The user's access keys (iam:ListAccessKeys), signed as the session says. */
export function listKeys(session: RotationSession, deps: RotationDeps): Promise<AccessKeyInfo[]> {
  return explainDenied('iam:ListAccessKeys', deniedContext(session), () => deps.iam.listAccessKeys(session.iamSigner, session.userName))
}

/** When each key was last used (iam:GetAccessKeyLastUsed), for the person deciding about them. */
export async function lastUses(keys: AccessKeyInfo[], session: RotationSession, deps: RotationDeps): Promise<Map<string, AccessKeyLastUse>> {
  const uses = new Map<string, AccessKeyLastUse>()
  for (const key of keys) {
    const use = await explainDenied('iam:GetAccessKeyLastUsed', deniedContext(session), () => deps.iam.getAccessKeyLastUsed(session.iamSigner, key.accessKeyId))
    uses.set(key.accessKeyId, use)
  }
  return uses
}

export function ageInDays(key: AccessKeyInfo, now: Date): number {
  return Math.floor((now.getTime() - key.createDate.getTime()) / DAY_MS)
}

/** `AKIA… (this profile): Active, 120 days old, last used 2026-11-20 (iam in us-east-1)` */
export function describeKey(key: AccessKeyInfo, now: Date, options: { lastUse?: AccessKeyLastUse; heldByProfile?: string } = {}): string {
  const owner = options.heldByProfile ? ` (profile ${options.heldByProfile})` : ''
  const age = ageInDays(key, now)
  const parts = [`${key.accessKeyId}${owner}: ${key.status}`, `${age} day${age === 1 ? '' : 's'} old`]
  if (options.lastUse) parts.push(describeLastUse(options.lastUse))
  return parts.join(', ')
}

function describeLastUse(use: AccessKeyLastUse): string {
  if (!use.lastUsedDate) return 'never used'
  const where = [use.serviceName, use.region].filter(Boolean).join(' in ')
  return `last used ${use.lastUsedDate.toISOString().slice(0, 10)}${where ? ` (${where})` : ''}`
}
