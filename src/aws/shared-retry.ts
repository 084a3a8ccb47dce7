import type { RetryStrategyV2 } from '@smithy/types'

/**
 * One adaptive retry strategy (the SDK's client-side rate limiter and retry-token bucket) for
 * every client of a command that talks to many accounts at once, so that throttling anywhere
 * slows the whole run down instead of each account's clients retrying on their own.
 */
export async function sharedAdaptiveRetry(maxAttempts = 8): Promise<RetryStrategyV2> {
  const { AdaptiveRetryStrategy } = await import('@smithy/core/retry')
  const fromEnv = Number(process.env.AWS_MAX_ATTEMPTS)
  return new AdaptiveRetryStrategy(Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : maxAttempts)
}
