import { awsErrorName } from '../aws/aws-error.js'
import type { StsGateway } from '../aws/sts-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import type { Reporter } from '../reporter.js'
import { UsageError } from '../errors.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import { type LoginPlan, mfaSerialFor, planLogin, type RolePlan, type UserPlan } from './login-plan.js'
import { readSession, writeSession } from './session-cache.js'
import { isReusable, type SessionCredentials } from './session-credentials.js'

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
  kind: 'user' | 'role'
  reused: boolean
  persisted: boolean
  credentials: SessionCredentials
  roleArn?: string
  mfaSerial?: string
}

export interface LoginDeps {
  store: ProfileStore
  sts: StsGateway
  mfaCode: MfaCodeSource
  now?: () => Date
  reporter: Reporter
}

/** Session lengths STS accepts (SPEC §3). */
export const DURATION_LIMITS = {
  user: { min: 900, max: 129_600 },
  /** A role assumed with temporary credentials (role chaining) lives at most an hour. */
  chainedRole: { min: 900, max: 3_600 },
  /** A role assumed directly with long-term keys, up to the role's maximum. */
  role: { min: 900, max: 43_200 },
}

/**
 * `iamkit login`: trades the long-term key and an MFA code for a session, or assumes a role
 * through one, and stores it as `[<profile>-sts]`. A stored session with at least 15 minutes
 * left is reused without asking for a code.
 */
export async function login(request: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  const snapshot = await deps.store.read()
  const plan = planLogin(snapshot, request.profile)
  if (plan.kind === 'static') {
    throw new UsageError(
      'SESSION_KEYS',
      `profile "${plan.profile.name}" already holds temporary session credentials; log in with the profile that holds the IAM user's long-term access key`,
    )
  }
  const limits = durationLimits(plan)
  if (request.durationSeconds !== undefined) assertDuration(request.durationSeconds, limits, plan.kind)
  const run = new LoginRun(request, deps, snapshot)
  const session = await run.obtain(plan, true)
  return {
    profile: plan.profile.name,
    sessionProfile: sessionProfileName(plan.profile.name),
    kind: plan.kind,
    reused: session.reused,
    persisted: request.persist && !session.reused,
    credentials: session.credentials as SessionCredentials,
    ...(plan.kind === 'role' ? { roleArn: plan.roleArn } : {}),
    ...(mfaSerialFor(plan) ? { mfaSerial: mfaSerialFor(plan) } : {}),
  }
}

function durationLimits(plan: UserPlan | RolePlan) {
  if (plan.kind === 'user') return DURATION_LIMITS.user
  return isChained(plan) ? DURATION_LIMITS.chainedRole : DURATION_LIMITS.role
}

/** Whether the role is assumed with temporary credentials, which caps it at one hour. */
function isChained(plan: RolePlan): boolean {
  return plan.source.kind !== 'user' || mfaSerialFor(plan) !== undefined
}

function assertDuration(seconds: number, limits: { min: number; max: number }, kind: string): void {
  if (!Number.isInteger(seconds) || seconds < limits.min || seconds > limits.max) {
    const why = limits === DURATION_LIMITS.chainedRole ? ' (a role assumed through an MFA session is limited to one hour by AWS)' : ''
    throw new UsageError('BAD_DURATION', `--duration must be ${limits.min}–${limits.max} seconds for a ${kind} session${why}, not ${seconds}`)
  }
}

/** The MFA settings a role profile hands down to the source whose session it assumes the role with. */
interface InheritedMfa {
  serial?: string
  process?: string
  profile: string
}

function inheritedMfa(plan: RolePlan): InheritedMfa | undefined {
  const process = plan.profile.settings.mfa_process
  if (!plan.mfaSerial && !process) return undefined
  return { serial: plan.mfaSerial, process, profile: plan.profile.name }
}

interface Obtained {
  credentials: Credentials
  reused: boolean
}

class LoginRun {
  private readonly now: () => Date

  constructor(
    private readonly request: LoginRequest,
    private readonly deps: LoginDeps,
    private readonly snapshot: ProfileSnapshot,
  ) {
    this.now = deps.now ?? (() => new Date())
  }

  async obtain(plan: LoginPlan, requested: boolean, inherited?: InheritedMfa): Promise<Obtained> {
    if (plan.kind === 'static') return { credentials: plan.credentials, reused: true }
    // --force renews the requested profile's session only; a source's valid MFA session is kept.
    if (!(requested && this.request.force)) {
      const cached = readSession(this.snapshot, plan.profile.name)
      if (cached && isReusable(cached, this.now())) {
        this.deps.reporter.debug(`reusing [${sessionProfileName(plan.profile.name)}], valid until ${cached.expiration.toISOString()}`)
        return { credentials: cached, reused: true }
      }
    }
    const session = plan.kind === 'user' ? await this.userSession(plan, requested, inherited) : await this.roleSession(plan, requested)
    if (this.request.persist) {
      await this.deps.store.updateCredentials((document) => writeSession(document, plan.profile.name, session, plan.profile.settings.region))
    }
    return { credentials: session, reused: false }
  }

  private async userSession(plan: UserPlan, requested: boolean, inherited?: InheritedMfa): Promise<SessionCredentials> {
    const serialNumber = mfaSerialFor(plan, inherited?.serial)
    if (!serialNumber) {
      this.deps.reporter.warn(`profile "${plan.profile.name}" has no mfa_serial, so this session carries no MFA; run "iamkit init ${plan.profile.name}" to find your device`)
    }
    // A role's own mfa_process wins over its source's, as in aws-vault.
    const context = inherited?.process ? { profile: inherited.profile, mfaProcess: inherited.process } : { profile: plan.profile.name, mfaProcess: plan.profile.settings.mfa_process }
    const tokenCode = serialNumber ? await this.deps.mfaCode(serialNumber, context) : undefined
    return this.deps.sts.getSessionToken(plan.keys, {
      durationSeconds: requested ? this.request.durationSeconds : undefined,
      serialNumber,
      tokenCode,
    })
  }

  private async roleSession(plan: RolePlan, requested: boolean): Promise<SessionCredentials> {
    const chained = isChained(plan)
    const source = chained
      ? (await this.obtain(plan.source, false, inheritedMfa(plan))).credentials
      : (plan.source as UserPlan).keys
    const limit = chained ? DURATION_LIMITS.chainedRole.max : DURATION_LIMITS.role.max
    const wanted = (requested ? this.request.durationSeconds : undefined) ?? plan.durationSeconds ?? 3_600
    if (wanted > limit) this.deps.reporter.info(`duration_seconds ${wanted} exceeds the ${limit}s limit for this role session; asking for ${limit}s`)
    try {
      return await this.deps.sts.assumeRole(source, {
        roleArn: plan.roleArn,
        roleSessionName: roleSessionName(plan),
        externalId: plan.externalId,
        durationSeconds: Math.min(wanted, limit),
      })
    } catch (err) {
      throw explainAssumeRoleFailure(err, plan)
    }
  }
}

/** `role_session_name`, else `iamkit-<user>`: what CloudTrail shows for this session. */
function roleSessionName(plan: RolePlan): string {
  if (plan.roleSessionName) return plan.roleSessionName
  let source: LoginPlan = plan.source
  while (source.kind === 'role') source = source.source
  const who = source.profile.settings.username ?? source.profile.name
  return `iamkit-${who}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
}

function explainAssumeRoleFailure(err: unknown, plan: RolePlan): unknown {
  const message = err instanceof Error ? err.message : ''
  if (awsErrorName(err) !== 'ValidationError') return err
  if (/role chaining/i.test(message)) {
    return new UsageError('ROLE_CHAINING_LIMIT', `AWS limits ${plan.roleArn} to one hour when assumed with temporary credentials (role chaining); use --duration 3600 or less`, { cause: err })
  }
  if (/DurationSeconds|MaxSessionDuration/i.test(message)) {
    return new UsageError('BAD_DURATION', `${plan.roleArn}: ${message}; ask for a shorter --duration or raise the role's maximum session duration`, { cause: err })
  }
  return err
}
