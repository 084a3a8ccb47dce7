import type { StsGateway } from '../aws/sts-gateway.js'
import { SystemError, UsageError } from '../errors.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import { sessionProfileName } from '../profiles/profile.js'
import { credentialsFileKeys, type KeyStore } from '../profiles/key-store.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import type { SsoContext } from '../sso/sso-role-session.js'
import { planLogin } from './login-plan.js'
import { NeedsPersonError, SessionResolver } from './resolve-session.js'
import { readSession } from './session-cache.js'
import { isExpired, type SessionCredentials } from './session-credentials.js'

export interface CredentialProcessDeps {
  /** The files as the command read them, once. */
  snapshot: ProfileSnapshot
  store: ProfileStore
  /** Where long-term keys come from (the files or a vault); the credentials file by default. */
  keys?: KeyStore
  sts: StsGateway
  /** The code source that runs a profile's `mfa_process` (asked only when the profile has one). */
  codes?: MfaCodeSource
  /** IAM Identity Center, without a person: tokens are used or renewed, never signed in anew. */
  sso?: SsoContext
  reporter: Reporter
  now?: () => Date
}

/**
 * The session for `credential_process = iamkit credential-process NAME`. The AWS CLI runs it
 * without a terminal before every call, so it never asks a person: it takes what the shared
 * session sources can do alone (a stored session, a role assumed again with its source's
 * stored MFA session, a new MFA session with a code from `mfa_process`), then a stored session
 * that has not expired yet, and otherwise fails telling the person what to run.
 */
export async function credentialProcessSession(profile: string, deps: CredentialProcessDeps): Promise<SessionCredentials> {
  const now = deps.now ?? (() => new Date())
  const { snapshot } = deps
  const stored = readSession(snapshot, profile)
  // A session section without its profile (written by hand or by another tool) is still served.
  if (!snapshot.profile(profile) && snapshot.profile(sessionProfileName(profile))) return unexpired(stored, profile, now())
  const plan = planLogin(snapshot, profile, deps.keys ?? credentialsFileKeys(deps.store))
  if (plan.kind === 'static') {
    throw new UsageError('SESSION_KEYS', `profile "${profile}" already holds session credentials; point credential_process at the profile they came from`)
  }
  const resolver = new SessionResolver({ ...deps, codes: withoutPerson(deps.codes), unattended: true, persist: true, now })
  try {
    return (await resolver.resolve({ plan, requested: true })).credentials as SessionCredentials
  } catch (err) {
    if (!(err instanceof NeedsPersonError)) throw err
    return unexpired(stored, profile, now(), err.why)
  }
}

/** Codes only from a profile's `mfa_process`; a code that would need a person ends the search. */
function withoutPerson(codes: MfaCodeSource | undefined): MfaCodeSource | undefined {
  if (!codes) return undefined
  return (serial, context) => {
    if (!context?.mfaProcess) throw new NeedsPersonError(context?.profile ?? serial)
    return codes(serial, context)
  }
}

function unexpired(session: SessionCredentials | undefined, profile: string, now: Date, why?: string): SessionCredentials {
  if (session && !isExpired(session, now)) return session
  const state = session ? `expired at ${session.expiration.toISOString()}` : 'does not exist'
  // An SSO profile (or a role on one) needs a new sign-in rather than a code.
  if (why) throw new SystemError('NO_VALID_SESSION', `the session [${sessionProfileName(profile)}] ${state} and ${why}`)
  throw new SystemError(
    'NO_VALID_SESSION',
    `the session [${sessionProfileName(profile)}] ${state} and renewing it needs an MFA code; run "iamkit login ${profile}" (or set mfa_process in the profile)`,
  )
}
