import { denialOf, isAccessDenied, isInvalidMfaCode } from '../aws/aws-error.js'
import { AwsError } from '../errors.js'

export interface DeniedContext {
  profile: string
  userName: string
  /** Whether the profile has `mfa_serial`, so that rotate signs IAM calls with an MFA session. */
  profileHasMfa: boolean
}

/**
 * Runs one AWS call of the rotation and, when AWS denies it, says which permission the user
 * lacks and where the policy that grants exactly rotate's calls comes from.
 */
export async function explainDenied<T>(call: string, context: DeniedContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!isAccessDenied(err) || isInvalidMfaCode(err)) throw err
    const denial = denialOf(err)
    const why = denial.reason ? ` (${denial.reason})` : ''
    // An explicit Deny on a bare key is what an MFA-requiring policy does: point at the fix for that too.
    const mfaHint =
      denial.explicitDeny && !context.profileHasMfa ? ` (if that Deny requires MFA, run "iamkit init ${context.profile}" so rotate uses an MFA session)` : ''
    throw new AwsError(
      'ACCESS_DENIED',
      `${call} was denied: IAM user ${context.userName} needs permission for ${denial.permission ?? call} on itself${why}${mfaHint}; grant it with the policy from "iamkit policy user --self-service"`,
      { cause: err },
    )
  }
}
