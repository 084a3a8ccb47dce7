import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import { IamkitError } from '../errors.js'
import { signInName, ssoConfig, usesSso } from '../sso/sso-config.js'
import type { SsoTokenCache } from '../sso/token-cache.js'

export interface LogoutResult {
  /** The session sections removed, e.g. `admin-sts`. */
  removed: string[]
  /** The IAM Identity Center sign-ins whose cached token was removed (`sso-session "corp"`, or a start URL). */
  removedSsoTokens: string[]
}

/**
 * `iamkit logout`: removes the `[<profile>-sts]` sessions of the named profile (or of every
 * profile) from the credentials file, line by line under the lock, and nothing else. Only
 * sections that are iamkit sessions (a session token and an expiry) of a profile that exists
 * are removed: a section that merely ends in "-sts" may be someone's own.
 * An SSO profile's cached IAM Identity Center token is removed too, from the cache the AWS CLI
 * shares: that signs the AWS CLI out of the same sso-session (the portal session itself ends at
 * its own expiry).
 */
export async function logout(
  request: { profile?: string; all?: boolean },
  deps: { store: ProfileStore; snapshot: ProfileSnapshot; ssoCache?: SsoTokenCache },
): Promise<LogoutResult> {
  const { snapshot } = deps
  const profiles = request.all
    ? snapshot.names().filter((name) => snapshot.profile(sessionProfileName(name)) || usesSso(snapshot.profile(name)!))
    : [snapshot.require(request.profile!).name]
  const removed = await deps.store.updateCredentials((document) =>
    profiles
      .map(sessionProfileName)
      .filter((section) => document.get(section, 'aws_session_token') !== undefined && document.get(section, 'expiration') !== undefined)
      .filter((section) => document.deleteSection(section)),
  )
  return { removed, removedSsoTokens: deps.ssoCache ? await removeSsoTokens(profiles, snapshot, deps.ssoCache) : [] }
}

async function removeSsoTokens(profiles: string[], snapshot: ProfileSnapshot, cache: SsoTokenCache): Promise<string[]> {
  const removed = new Set<string>()
  for (const name of profiles) {
    const profile = snapshot.profile(name)
    if (!profile || !usesSso(profile)) continue
    let config
    try {
      config = ssoConfig(snapshot, profile)
    } catch (err) {
      // Settings too broken to name a cache file: there is no token iamkit could have written for it.
      if (err instanceof IamkitError) continue
      throw err
    }
    if (removed.has(signInName(config))) continue
    if (await cache.remove(config)) removed.add(signInName(config))
  }
  return [...removed]
}
