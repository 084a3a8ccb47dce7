import { isAccessDenied, isInvalidMfaCode } from '../aws/aws-error.js'
import { AwsError } from '../errors.js'

export interface DeniedContext {
  profile: string
  userName: string
  /** Whether the call was signed with an MFA session. */
  withMfa: boolean
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
    // A policy that requires MFA denies key management to a bare key: point at the fix for that too.
    const mfaHint = context.withMfa ? '' : ` (if a policy requires MFA, run "iamkit init ${context.profile}" so rotate uses an MFA session)`
    throw new AwsError(
      'ACCESS_DENIED',
      `${call} was denied: IAM user ${context.userName} needs permission for ${call} on itself${mfaHint}; grant it with the policy from "iamkit policy user --self-service"`,
      { cause: err },
    )
  }
}
