import { AwsError } from '../errors.js'
import { WORKFLOW_CALLS } from './workflow-calls.js'

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

/** The calls that carry a one-time code (SerialNumber + TokenCode). */
const CODE_TAKING_CALLS = new Set(['sts:GetSessionToken', 'sts:AssumeRole'])
/** IAM's code for a wrong code when enabling or resynchronising a device. */
const IAM_INVALID_CODE = new Set(['InvalidAuthenticationCode', 'InvalidAuthenticationCodeException'])

/**
 * AWS's own answer to a wrong, reused or expired one-time code, judged by the error code and
 * the call: STS answers AccessDenied with its fixed "MultiFactorAuthentication failed" text
 * (the only way it tells a bad code from a missing permission), IAM answers
 * InvalidAuthenticationCode. Words in other messages (an action name such as
 * iam:ListMFADevices in a denial) never make a rejected code.
 */
export function isInvalidMfaCode(err: unknown): boolean {
  const name = awsErrorName(err)
  if (IAM_INVALID_CODE.has(name)) return true
  const { $operation, message } = err as AwsSdkErrorLike
  return name === 'AccessDenied' && $operation !== undefined && CODE_TAKING_CALLS.has($operation) && /^\s*MultiFactorAuthentication failed/.test(message)
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
    return new AwsError(
      'MFA_CODE_REJECTED',
      `${call}AWS rejected the MFA code (wrong, expired or already used, or mfa_serial is not this user's device); wait for the next code and try again`,
      { cause: err },
    )
  }
  if (isAccessDenied(err)) return new AwsError('ACCESS_DENIED', describeDenial(denialOf(err)), { cause: err })
  if (isInvalidKey(err)) {
    return new AwsError('INVALID_CREDENTIALS', `${call}AWS does not recognise the access key (deleted, deactivated or mistyped); check the profile's keys`, { cause: err })
  }
  if (name === 'CredentialsProviderError') {
    // The SDK's default chain found nothing (no --profile, AWS_PROFILE, environment keys or
    // [default]): no request was sent.
    return new AwsError('NO_CREDENTIALS', `${call}no AWS credentials were found (no --profile, AWS_PROFILE, AWS_ACCESS_KEY_ID or [default] key); pass --profile NAME`, { cause: err })
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new AwsError('EXPIRED_TOKEN', `${call}the session credentials have expired; run iamkit login again`, { cause: err })
  }
  return new AwsError(name, `${call}${name}${detail ? `: ${detail}` : ''}`, { cause: err })
}

/** What an AccessDenied answer says: the call, who was denied, the permission and why. */
export interface Denial {
  /** `iam:ListMFADevices`, or undefined when the error was not tagged by the client factory. */
  call?: string
  /** The IAM action AWS says was not authorised (often the call itself). */
  permission?: string
  /** The principal AWS names, e.g. `arn:aws:iam::123456789012:user/erin`. */
  principal?: string
  /** AWS's reason: "no identity-based policy allows …", "an explicit deny in …". */
  reason?: string
  explicitDeny: boolean
}

// AWS's denial text: "User: ARN is not authorized to perform: ACTION [on resource: R] [because …|with …]".
const DENIAL = /User(?:: (\S+))? is not authorized to perform: ([\w-]+:[\w*-]+)(?: on resource: .+?)?(?: (because .+|with an? .+))?\.?$/

export function denialOf(err: unknown): Denial {
  const e = err as AwsSdkErrorLike
  const match = DENIAL.exec((e.message ?? '').trim())
  const reason = match?.[3]?.replace(/^(because|with) /, '')
  return {
    call: e.$operation,
    permission: match?.[2] ?? e.$operation,
    principal: match?.[1],
    reason,
    explicitDeny: /explicit deny/i.test(e.message ?? ''),
  }
}

/** The calls `iamkit policy user --self-service` grants: a denial of one of them points there. */
const SELF_SERVICE_CALLS = new Set<string>(Object.values(WORKFLOW_CALLS).flat())

/**
 * One line naming the denied call and the permission to grant, with AWS's reason, and where
 * iamkit can write the policy. Never suggests an MFA code: AWS said nothing about one.
 */
export function describeDenial(denial: Denial): string {
  const call = denial.call ?? 'an AWS call'
  const who = denial.principal ? `${denial.principal} needs` : 'the credentials need'
  const permission = denial.permission ?? 'the permission for it'
  const why = denial.reason ? ` (${denial.reason})` : ''
  const lacks = `${who} permission for ${permission}${why}`
  return `${call} was denied: ${lacks}${denialHint(denial)}`
}

function denialHint(denial: Denial): string {
  const call = denial.call ?? ''
  if (call === 'sts:AssumeRole') {
    return '; the role\'s trust policy must admit the caller, and the caller needs sts:AssumeRole on the role ("iamkit policy user --role-arn ROLE_ARN" writes that policy)'
  }
  if (SELF_SERVICE_CALLS.has(call)) return '; grant it with the policy from "iamkit policy user --self-service"'
  return ''
}
