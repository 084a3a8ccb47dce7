import { awsErrorName } from '../../aws/aws-error.js'
import { UsageError } from '../../errors.js'
import type { LoginPlan, RolePlan, UserPlan } from '../login-plan.js'
import { DURATION_LIMITS, isChained } from '../session-duration.js'
import type { InheritedMfa, SessionSource } from '../session-source.js'

/**
 * A new role session: sts:AssumeRole signed with the source profile's session, which the same
 * list of sources provides (its cached MFA session first, so a role whose hour is up is assumed
 * again without a code; chains of roles recurse). A role whose source holds long-term keys and
 * no MFA device is assumed with those keys directly.
 */
export const assumedRole: SessionSource = {
  name: 'role assumed with the source session',
  async load(need, run) {
    const { plan } = need
    if (plan.kind !== 'role') return undefined
    const chained = isChained(plan)
    const signer = chained
      ? (await run.resolve({ plan: plan.source, requested: false, inherited: inheritedMfa(plan) })).credentials
      : await (plan.source as UserPlan).keys.load()
    const limit = chained ? DURATION_LIMITS.chainedRole.max : DURATION_LIMITS.role.max
    const wanted = (need.requested ? run.durationSeconds : undefined) ?? plan.durationSeconds ?? 3_600
    if (wanted > limit) run.reporter.info(`duration_seconds ${wanted} exceeds the ${limit}s limit for this role session; asking for ${limit}s`)
    return run.refresh(need, this.name, async () => {
      try {
        return await run.sts.assumeRole(signer, {
          roleArn: plan.roleArn,
          roleSessionName: roleSessionName(plan),
          externalId: plan.externalId,
          durationSeconds: Math.min(wanted, limit),
        })
      } catch (err) {
        throw explainAssumeRoleFailure(err, plan)
      }
    })
  },
}

function inheritedMfa(plan: RolePlan): InheritedMfa | undefined {
  const process = plan.profile.settings.mfa_process
  if (!plan.mfaSerial && !process) return undefined
  return { profile: plan.profile.name, serial: plan.mfaSerial, process }
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
