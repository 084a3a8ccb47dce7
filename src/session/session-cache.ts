import { UsageError } from '../errors.js'
import { registerSecret } from '../redact.js'
import type { IniDocument } from '../profiles/ini-document.js'
import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import { formatExpiration, isReusable, type SessionCredentials } from './session-credentials.js'

/** The session stored in `[<profile>-sts]`, if it is complete and its expiry readable. */
export function readSession(snapshot: ProfileSnapshot, profile: string): SessionCredentials | undefined {
  const settings = snapshot.profile(sessionProfileName(profile))?.settings
  if (!settings) return undefined
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, aws_session_token: sessionToken } = settings
  const expiration = settings.expiration ? new Date(settings.expiration) : undefined
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || Number.isNaN(expiration.getTime())) return undefined
  registerSecret(secretAccessKey)
  registerSecret(sessionToken)
  return { accessKeyId, secretAccessKey, sessionToken, expiration }
}

/** The stored session if it has at least 15 minutes left: the first of the session sources. */
export function reusableStoredSession(snapshot: ProfileSnapshot, profile: string, now: Date): SessionCredentials | undefined {
  const stored = readSession(snapshot, profile)
  return stored && isReusable(stored, now) ? stored : undefined
}

/**
 * Writes the session into `[<profile>-sts]` of the credentials file, where the AWS CLI and
 * SDKs find it with `--profile <profile>-sts`. The region is copied so the session profile
 * behaves like the one it came from.
 */
export function writeSession(document: IniDocument, profile: string, session: SessionCredentials, region?: string): void {
  assertSessionSectionIsOurs(document, profile)
  const section = sessionProfileName(profile)
  document.set(section, 'aws_access_key_id', session.accessKeyId)
  document.set(section, 'aws_secret_access_key', session.secretAccessKey)
  document.set(section, 'aws_session_token', session.sessionToken)
  document.set(section, 'expiration', formatExpiration(session.expiration))
  if (region && document.get(section, 'region') === undefined) document.set(section, 'region', region)
}

/**
 * `[<profile>-sts]` may be overwritten only when it is an iamkit session (or holds no keys): a
 * section there with keys but no session token or expiration is someone's long-term key, and
 * overwriting it would lose that secret (exit 2, before any code is asked for).
 */
export function assertSessionSectionIsOurs(document: IniDocument, profile: string): void {
  const section = sessionProfileName(profile)
  const has = (key: string) => document.get(section, key) !== undefined
  if (!has('aws_access_key_id') && !has('aws_secret_access_key')) return
  if (has('aws_session_token') && has('expiration')) return
  throw new UsageError(
    'SESSION_SECTION_TAKEN',
    `[${section}] in ${document.path} holds an access key that is not an iamkit session (no aws_session_token and expiration), and "iamkit login ${profile}" would overwrite it; rename that section (it may be a long-term key) and run again`,
  )
}
