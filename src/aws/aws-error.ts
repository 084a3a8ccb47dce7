import { AwsError } from '../errors.js'

/**
 * Turns an AWS SDK failure into an `AwsError` whose one line says what failed and what to do.
 * Knows the SDK's error shape only by duck typing, so that importing it does not load the SDK.
 */
export interface AwsSdkErrorLike extends Error {
  $metadata?: { httpStatusCode?: number; attempts?: number }
  $fault?: 'client' | 'server'
  /** Set by the client factory's middleware: which call failed, e.g. `iam:ListMFADevices`. */
  $operation?: string
  Code?: string
  code?: string
}

export function isAwsSdkError(err: unknown): err is AwsSdkErrorLike {
  return err instanceof Error && ('$metadata' in err || '$fault' in err || '$operation' in err)
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
])
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'TimeoutError'])

/** The error's AWS code: `AccessDenied`, `InvalidClientTokenId`, `ECONNREFUSED`, … */
export function awsErrorName(err: unknown): string {
  if (!(err instanceof Error)) return 'Unknown'
  const e = err as AwsSdkErrorLike
  if (e.code && NETWORK.has(e.code)) return e.code
  return e.name && e.name !== 'Error' ? e.name : (e.Code ?? e.code ?? 'Unknown')
}

export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(awsErrorName(err))
}

export function isAccessDenied(err: unknown): boolean {
  const name = awsErrorName(err)
  return name === 'AccessDenied' || name === 'AccessDeniedException' || name === 'UnauthorizedOperation'
}

/** STS's answer to a wrong, reused or expired one-time code. */
export function isInvalidMfaCode(err: unknown): boolean {
  return isAccessDenied(err) && /MultiFactorAuthentication|one time pass ?code|MFA/i.test((err as Error).message)
}

/** The key id is unknown to AWS: deleted, mistyped, or not yet propagated. */
export function isInvalidKey(err: unknown): boolean {
  const name = awsErrorName(err)
  return name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || name === 'UnrecognizedClientException'
}

export function fromAwsSdkError(err: AwsSdkErrorLike): AwsError {
  const name = awsErrorName(err)
  const call = err.$operation ? `${err.$operation}: ` : ''
  const detail = err.message && err.message !== name ? err.message : ''
  if (NETWORK.has(name)) {
    return new AwsError('NETWORK', `${call}could not reach AWS (${name}${detail ? `: ${detail}` : ''}); check the network, --endpoint-url and --region`, { cause: err })
  }
  if (isThrottling(err)) {
    return new AwsError('THROTTLED', `${call}AWS kept throttling the request after ${err.$metadata?.attempts ?? 'several'} attempts; try again later or lower --concurrency`, { cause: err })
  }
  if (isInvalidMfaCode(err)) {
    return new AwsError('MFA_CODE_REJECTED', `${call}AWS rejected the MFA code (wrong, expired or already used); wait for the next code and try again`, { cause: err })
  }
  if (isAccessDenied(err)) {
    return new AwsError('ACCESS_DENIED', `${call}access denied: ${detail || 'the credentials lack this permission'}`, { cause: err })
  }
  if (isInvalidKey(err)) {
    return new AwsError('INVALID_CREDENTIALS', `${call}AWS does not recognise the access key (deleted, deactivated or mistyped); check the profile's keys`, { cause: err })
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new AwsError('EXPIRED_TOKEN', `${call}the session credentials have expired; run iamkit login again`, { cause: err })
  }
  return new AwsError(name, `${call}${name}${detail ? `: ${detail}` : ''}`, { cause: err })
}
