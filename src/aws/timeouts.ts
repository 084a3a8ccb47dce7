import { UsageError } from '../errors.js'

/**
 * How long iamkit waits on AWS (SPEC §0). Each attempt of a call may take `connectMs` to
 * connect and `answerMs` for the answer (the AWS CLI's defaults are 60 s each; iamkit connects
 * sooner, since a loopback or regional endpoint that has not accepted in 10 s will not). Retries
 * of attempts that got no answer from AWS stop for the whole command once they have taken
 * `retryBudgetMs` in all, so a command on a dead endpoint ends after about twice `--timeout`.
 */
export interface Timeouts {
  connectMs: number
  answerMs: number
  retryBudgetMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, answerMs: 60_000, retryBudgetMs: 60_000 }

/** The largest `--timeout` accepted: an hour is already longer than any AWS call should take. */
const MAX_SECONDS = 3_600

/** `--timeout SECONDS` / `IAMKIT_TIMEOUT` sets all three to one value. */
export function timeoutsFor(seconds: number | undefined): Timeouts {
  if (seconds === undefined) return DEFAULT_TIMEOUTS
  const ms = Math.round(seconds * 1000)
  return { connectMs: ms, answerMs: ms, retryBudgetMs: ms }
}

/** Parses a number of seconds from the flag or the variable; anything else is bad input. */
export function parseTimeoutSeconds(text: string, source = '--timeout'): number {
  const seconds = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SECONDS) {
    throw new UsageError('BAD_TIMEOUT', `${source} must be a number of seconds greater than 0 and at most ${MAX_SECONDS}, not "${text}"`)
  }
  return seconds
}

/** The timeout in effect when no flag was given: IAMKIT_TIMEOUT, else the defaults. */
export function timeoutsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Timeouts {
  const text = env.IAMKIT_TIMEOUT
  return timeoutsFor(text === undefined || text === '' ? undefined : parseTimeoutSeconds(text, 'IAMKIT_TIMEOUT'))
}

/** Seconds for people: `2 s`, `0.5 s`, `60 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`
}
