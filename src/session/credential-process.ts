import { SystemError } from '../errors.js'
import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileStore } from '../profiles/profile-store.js'
import { readSession } from './session-cache.js'
import { isExpired, type SessionCredentials } from './session-credentials.js'

/**
 * The cached session for `credential_process = iamkit credential-process NAME`. It never
 * prompts: the AWS CLI runs it without a terminal, so a missing session is an error that
 * tells the person what to run.
 */
export async function cachedSession(store: ProfileStore, profile: string, now = new Date()): Promise<SessionCredentials> {
  const snapshot = await store.read()
  if (!snapshot.profile(sessionProfileName(profile))) snapshot.require(profile)
  const session = readSession(snapshot, profile)
  if (!session || isExpired(session, now)) {
    const state = session ? `expired at ${session.expiration.toISOString()}` : 'does not exist'
    throw new SystemError('NO_VALID_SESSION', `the session [${sessionProfileName(profile)}] ${state}; run "iamkit login ${profile}"`)
  }
  return session
}
