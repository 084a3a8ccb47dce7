import { UsageError } from '../errors.js'
import { mfaSerialFor, type RolePlan, type SsoPlan, type UserPlan } from './login-plan.js'

/** Session lengths STS accepts (SPEC §3). */
export const DURATION_LIMITS = {
  user: { min: 900, max: 129_600 },
  /** A role assumed with temporary credentials (role chaining) lives at most an hour. */
  chainedRole: { min: 900, max: 3_600 },
  /** A role assumed directly with long-term keys, up to the role's maximum. */
  role: { min: 900, max: 43_200 },
}

/** Whether the role is assumed with temporary credentials, which caps it at one hour. */
export function isChained(plan: RolePlan): boolean {
  return plan.source.kind !== 'user' || mfaSerialFor(plan) !== undefined
}

/** Refuses a --duration that STS would refuse for this profile, before any call. */
export function assertDuration(seconds: number, plan: UserPlan | RolePlan | SsoPlan): void {
  if (plan.kind === 'sso') {
    throw new UsageError('BAD_DURATION', `--duration does not apply to IAM Identity Center profile "${plan.profile.name}": the permission set's session duration decides how long its role session lasts`)
  }
  const limits = plan.kind === 'user' ? DURATION_LIMITS.user : isChained(plan) ? DURATION_LIMITS.chainedRole : DURATION_LIMITS.role
  if (!Number.isInteger(seconds) || seconds < limits.min || seconds > limits.max) {
    const why = limits === DURATION_LIMITS.chainedRole ? ' (a role assumed through an MFA session is limited to one hour by AWS)' : ''
    throw new UsageError('BAD_DURATION', `--duration must be ${limits.min}–${limits.max} seconds for a ${plan.kind} session${why}, not ${seconds}`)
  }
}

