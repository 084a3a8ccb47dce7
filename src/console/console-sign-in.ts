import type { StsGateway } from '../aws/sts-gateway.js'
import { UsageError } from '../errors.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import type { KeyStore } from '../profiles/key-store.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import { planLogin, type UserPlan } from '../session/login-plan.js'
import { login } from '../session/login.js'
import type { SessionCredentials } from '../session/session-credentials.js'
import type { SsoContext } from '../sso/sso-role-session.js'
import { consoleDestination, federationEndpoint } from './signin-endpoint.js'
import { consoleLoginUrl, getSigninToken, type SigninTokenDeps } from './signin-token.js'

export interface ConsoleRequest {
  profile: string
  /** The region whose console home opens by default, and whose partition signs in. */
  region: string
  /** Role and SSO profiles: the console session (SessionDuration); user profiles: the federation token. */
  durationSeconds?: number
  /** User profiles: managed policies that narrow the console session. */
  policyArns: string[]
  destination?: string
  /** `--signin-endpoint` or IAMKIT_SIGNIN_ENDPOINT. */
  signinEndpoint?: string
}

export interface ConsoleDeps {
  store: ProfileStore
  snapshot: ProfileSnapshot
  /** Where long-term keys come from (the files or a vault). */
  keys?: KeyStore
  sts: StsGateway
  mfaCode: MfaCodeSource
  sso?: SsoContext
  reporter: Reporter
  signin: Omit<SigninTokenDeps, 'reporter'>
}

export interface ConsoleSignIn {
  profile: string
  kind: 'user' | 'role' | 'sso'
  /** The sign-in URL: a credential for 15 minutes. */
  url: string
  destination: string
  /** When the session behind the console ends. */
  expiration: Date
  /** Whether the console session carries MFA context. */
  mfa: boolean
}

/** What AWS accepts: SessionDuration for role sessions, DurationSeconds for federation tokens. */
export const CONSOLE_DURATION = { role: { min: 900, max: 43_200 }, federation: { min: 900, max: 129_600 } }

/** A managed policy's ARN, AWS's own (`iam::aws:policy/…`) or an account's; any partition. */
const MANAGED_POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/

/** Lets the federated session do whatever the user may: the effective permissions are the intersection. */
const USER_PERMISSIONS_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })

/**
 * `iamkit console`: a sign-in URL for the AWS console as the profile. Role and SSO profiles use
 * their role session (reused, or renewed as `login` would); a user profile gets a federated
 * session from sts:GetFederationToken with its long-term key, which AWS allows without MFA only,
 * so that console session carries no MFA context (and says so).
 */
export async function consoleSignIn(request: ConsoleRequest, deps: ConsoleDeps): Promise<ConsoleSignIn> {
  const plan = planLogin(deps.snapshot, request.profile, deps.keys)
  if (plan.kind === 'static') {
    throw new UsageError('SESSION_KEYS', `profile "${plan.profile.name}" holds session credentials; open the console with the profile they came from`)
  }
  if (plan.kind !== 'user' && request.policyArns.length) {
    throw new UsageError('USAGE', `--policy-arn narrows the federated session of an IAM user profile; "${plan.profile.name}" is a ${plan.kind} profile, whose role's own policies apply`)
  }
  for (const arn of request.policyArns) {
    if (!MANAGED_POLICY_ARN.test(arn)) throw new UsageError('BAD_POLICY_ARN', `--policy-arn must be a managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess, not "${arn.slice(0, 80)}"`)
  }
  const limits = plan.kind === 'user' ? CONSOLE_DURATION.federation : CONSOLE_DURATION.role
  if (request.durationSeconds !== undefined && (!Number.isInteger(request.durationSeconds) || request.durationSeconds < limits.min || request.durationSeconds > limits.max)) {
    throw new UsageError('BAD_DURATION', `--duration must be ${limits.min}–${limits.max} seconds for the console session of a ${plan.kind} profile, not ${request.durationSeconds}`)
  }
  const endpoint = federationEndpoint(request.region, request.signinEndpoint)
  const destination = consoleDestination(request.region, request.destination)

  let session: SessionCredentials
  let mfa: boolean
  if (plan.kind === 'user') {
    session = await federatedSession(plan, request, deps)
    mfa = false
    deps.reporter.warn(
      `the console session of IAM user profile "${plan.profile.name}" comes from sts:GetFederationToken, which AWS allows only without MFA: it carries no MFA context, so policies that require aws:MultiFactorAuthPresent deny it; a role profile with MFA gives a console session that has it`,
    )
  } else {
    const result = await login({ profile: request.profile, persist: true }, { store: deps.store, snapshot: deps.snapshot, ...(deps.keys ? { keys: deps.keys } : {}), sts: deps.sts, mfaCode: deps.mfaCode, ...(deps.sso ? { sso: deps.sso } : {}), reporter: deps.reporter })
    session = result.credentials
    mfa = plan.kind === 'role' && result.mfaSerial !== undefined
  }

  const token = await getSigninToken(endpoint, session, plan.kind === 'user' ? undefined : request.durationSeconds, { ...deps.signin, reporter: deps.reporter })
  return { profile: plan.profile.name, kind: plan.kind, url: consoleLoginUrl(endpoint, token, destination), destination, expiration: session.expiration, mfa }
}

async function federatedSession(plan: UserPlan, request: ConsoleRequest, deps: ConsoleDeps): Promise<SessionCredentials> {
  const keys = await plan.keys.load()
  const name = federatedUserName(plan.profile.settings.username ?? plan.profile.name)
  return deps.sts.getFederationToken(keys, {
    name,
    durationSeconds: request.durationSeconds ?? 3_600,
    ...(request.policyArns.length ? { policyArns: request.policyArns } : { policy: USER_PERMISSIONS_POLICY }),
  })
}

/** GetFederationToken's Name: 2–32 characters of `[\w+=,.@-]`. */
export function federatedUserName(who: string): string {
  const name = who.replace(/[^\w+=,.@-]/g, '-').slice(0, 32)
  return name.length >= 2 ? name : `${name}--`.slice(0, 2)
}
