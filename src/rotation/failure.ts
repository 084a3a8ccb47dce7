import { toIamkitError } from '../to-iamkit-error.js'
import { AwsError, type IamkitError, SystemError, UsageError } from '../errors.js'

/**
 * The run's failure with what rotation did about it appended, keeping the failure's code and
 * exit status: "iam:CreateAccessKey: …; rolled back: …". One line, as SPEC §0 asks.
 */
export function failureWith(cause: unknown, outcome: string): IamkitError {
  const typed = toIamkitError(cause)
  const message = `${typed.message}; ${outcome}`
  if (typed.exitCode === 2) return new UsageError(typed.code, message, { cause })
  if (typed instanceof AwsError) return new AwsError(typed.code, message, { cause })
  return new SystemError(typed.code, message, { cause })
}

export function messageOf(err: unknown): string {
  return toIamkitError(err).message
}
