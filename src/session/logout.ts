import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'

export interface LogoutResult {
  /** The session sections removed, e.g. `admin-sts`. */
  removed: string[]
}

/**
 * `iamkit logout`: removes the `[<profile>-sts]` sessions of the named profile (or of every
 * profile) from the credentials file, line by line under the lock, and nothing else. Only
 * sections that are iamkit sessions (a session token and an expiry) of a profile that exists
 * are removed: a section that merely ends in "-sts" may be someone's own.
 * (Issue 15: cached SSO tokens of those profiles go here too.)
 */
export async function logout(request: { profile?: string; all?: boolean }, deps: { store: ProfileStore; snapshot: ProfileSnapshot }): Promise<LogoutResult> {
  const profiles = request.all ? deps.snapshot.names().filter((name) => deps.snapshot.profile(sessionProfileName(name))) : [deps.snapshot.require(request.profile!).name]
  const removed = await deps.store.updateCredentials((document) =>
    profiles
      .map(sessionProfileName)
      .filter((section) => document.get(section, 'aws_session_token') !== undefined && document.get(section, 'expiration') !== undefined)
      .filter((section) => document.deleteSection(section)),
  )
  return { removed }
}
