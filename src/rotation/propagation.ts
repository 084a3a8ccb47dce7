import { awsErrorName, isInvalidKey } from '../aws/aws-error.js'
import type { StsGateway } from '../aws/sts-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import { AwsError } from '../errors.js'
import type { Clock } from '../clock.js'

/**
 * How long to wait for a new key. IAM is eventually consistent: a key usually signs within
 * seconds of CreateAccessKey, but AWS documents no bound, so the wait doubles up to a cap.
 */
export interface PollLimits {
  /** Give up once this much time has passed since the first attempt. */
  timeoutMs: number
  firstDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_POLL_LIMITS: PollLimits = { timeoutMs: 120_000, firstDelayMs: 1_000, maxDelayMs: 8_000 }

export interface PollResult {
  attempts: number
  elapsedMs: number
}

/**
 * Step 5: calls sts:GetCallerIdentity with the new key until it answers as `expectedArn`.
 * "Unknown key" answers mean "not yet" and are retried; any other failure is final.
 */
export async function waitUntilKeyAnswers(
  key: Credentials,
  expectedArn: string,
  deps: { sts: StsGateway; clock: Clock; limits: PollLimits },
): Promise<PollResult> {
  let lastAnswer = ''
  const result = await retryWhileNotYet(deps, async () => {
    try {
      const identity = await deps.sts.getCallerIdentity(key)
      if (identity.arn === expectedArn) return true
      lastAnswer = `answered as ${identity.arn}`
      return false
    } catch (err) {
      if (!isInvalidKey(err)) throw err
      lastAnswer = awsErrorName(err)
      return false
    }
  })
  if (result) return result
  throw new AwsError(
    'KEY_NOT_PROPAGATED',
    `the new key ${key.accessKeyId} did not answer sts:GetCallerIdentity as ${expectedArn} within ${deps.limits.timeoutMs / 1000} s (last: ${lastAnswer}); AWS may be slow, try again later`,
  )
}

/**
 * Runs an IAM call signed with a brand-new key, retrying while IAM does not know the key yet
 * (STS may accept a key a moment before IAM does).
 */
export async function retryWhileKeyUnknown<T>(deps: { clock: Clock; limits: PollLimits }, call: () => Promise<T>): Promise<T> {
  let value: T | undefined
  let lastError: unknown
  const done = await retryWhileNotYet(deps, async () => {
    try {
      value = await call()
      return true
    } catch (err) {
      if (!isInvalidKey(err)) throw err
      lastError = err
      return false
    }
  })
  if (!done) throw lastError
  return value as T
}

/** Runs `attempt` with doubling pauses until it returns true, or undefined at the time limit. */
async function retryWhileNotYet(
  deps: { clock: Clock; limits: PollLimits },
  attempt: () => Promise<boolean>,
): Promise<PollResult | undefined> {
  const { clock, limits } = deps
  const start = clock.now().getTime()
  let delay = limits.firstDelayMs
  for (let attempts = 1; ; attempts++) {
    if (await attempt()) return { attempts, elapsedMs: clock.now().getTime() - start }
    const elapsed = clock.now().getTime() - start
    if (elapsed + delay > limits.timeoutMs) return undefined
    await clock.sleep(delay)
    delay = Math.min(delay * 2, limits.maxDelayMs)
  }
}
