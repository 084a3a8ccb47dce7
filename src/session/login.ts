import type { StsGateway } from '../aws/sts-gateway.js'
import type { Reporter } from '../reporter.js'
import { UsageError } from '../errors.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import { sessionProfileName } from '../profiles/profile.js'
import { credentialsFileKeys, type KeyStore } from '../profiles/key-store.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import { mfaSerialFor, planLogin } from './login-plan.js'
import { SessionResolver } from './resolve-session.js'
import { assertDuration } from './session-duration.js'
import type { SessionCredentials } from './session-credentials.js'
import type { SsoContext } from '../sso/sso-role-session.js'

export interface LoginRequest {
  profile: string
  /** Get a new session even when a cached one is still valid. */
  force?: boolean
  durationSeconds?: number
  /** Write `[<profile>-sts]` (format file); env and json print instead and write nothing. */
  persist: boolean
}

export interface LoginResult {
  profile: string
  sessionProfile: string
  kind: 'user' | 'role' | 'sso'
  reused: boolean
  persisted: boolean
  credentials: SessionCredentials
  roleArn?: string
  mfaSerial?: string
}

export interface LoginDeps {
  store: ProfileStore
  /** The files as the command read them; read here when not given. */
  snapshot?: ProfileSnapshot
  /** Where long-term keys come from (the files or a vault); the credentials file by default. */
  keys?: KeyStore
  sts: StsGateway
  /** Where codes come from: login and exec may ask a person. */
  mfaCode: MfaCodeSource
  /** IAM Identity Center; `person` in it only where someone may approve a sign-in. */
  sso?: SsoContext
  now?: () => Date
  reporter: Reporter
}

/**
 * `iamkit login` (and `exec`): a session for the profile from the shared list of session
 * sources — a stored one with at least 15 minutes left, a role assumed with its source's
 * session, or a new MFA session with a code, which here may come from a person.
 */
export async function login(request: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  const snapshot = deps.snapshot ?? (await deps.store.read())
  const plan = planLogin(snapshot, request.profile, deps.keys ?? credentialsFileKeys(deps.store))
  if (plan.kind === 'static') {
    throw new UsageError(
      'SESSION_KEYS',
      `profile "${plan.profile.name}" already holds temporary session credentials; log in with the profile that holds the IAM user's long-term access key`,
    )
  }
  if (request.durationSeconds !== undefined) assertDuration(request.durationSeconds, plan)
  const resolver = new SessionResolver({
    snapshot,
    store: deps.store,
    sts: deps.sts,
    reporter: deps.reporter,
    codes: deps.mfaCode,
    ...(deps.sso ? { sso: deps.sso } : {}),
    force: request.force,
    durationSeconds: request.durationSeconds,
    persist: request.persist,
    now: deps.now,
  })
  const session = await resolver.resolve({ plan, requested: true })
  const mfaSerial = mfaSerialFor(plan)
  return {
    profile: plan.profile.name,
    sessionProfile: sessionProfileName(plan.profile.name),
    kind: plan.kind,
    reused: session.reused,
    persisted: request.persist && !session.reused,
    credentials: session.credentials as SessionCredentials,
    ...(plan.kind === 'role' ? { roleArn: plan.roleArn } : {}),
    ...(mfaSerial ? { mfaSerial } : {}),
  }
}
