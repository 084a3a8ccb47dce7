import { AwsError } from '../errors.js'
import { formatSeconds, type Timeouts } from './timeouts.js'

/**
 * Failures in which AWS never answered: a timeout, a connection that failed, an answer that is
 * not AWS's. Each becomes one line naming the call and the endpoint (SPEC §0), so a person can
 * tell a dead endpoint or a captive portal from a refusal by AWS.
 */

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])

const CHECK = 'check the network, --endpoint-url, --region and any proxy (HTTPS_PROXY)'

/** Where an attempt went, set on its error by the attempt guard: `https://iam.amazonaws.com`. */
export interface TransportTagged {
  $endpoint?: string
}

/** An answer that did not come from AWS. Carries the status so 5xx pages are retried like 5xx. */
export class NotAwsAnswerError extends AwsError {
  readonly $metadata: { httpStatusCode: number }

  constructor(call: string, status: number, contentType: string, what: string, endpoint?: string) {
    super(
      'NOT_AWS_ANSWER',
      `${call}: the answer${endpoint ? ` from ${endpoint}` : ''} is not AWS's (HTTP ${status}, ${contentType || 'no content type'}: ${what}), so iamkit did not take it as done; ${CHECK}, or a captive portal`,
    )
    this.$metadata = { httpStatusCode: status }
  }
}

/** Whether the attempt got no answer from AWS: worth a retry, and counted against the budget. */
export function isNoAnswer(err: unknown): boolean {
  if (err instanceof NotAwsAnswerError) return err.$metadata.httpStatusCode >= 500 || err.$metadata.httpStatusCode < 200
  if (!(err instanceof Error)) return false
  const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number } }
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || NETWORK_CODES.has(e.code ?? '')) return true
  const status = e.$metadata?.httpStatusCode ?? 0
  return status >= 500 && !/Throttl|SlowDown/i.test(e.name)
}

/** The error the command reports for a failure AWS never answered; other errors unchanged. */
export function transportError(err: unknown, call: string, timeouts: Timeouts): unknown {
  if (!(err instanceof Error) || err instanceof AwsError) return err
  const e = err as Error & TransportTagged & { code?: string; $metadata?: { attempts?: number } }
  const where = e.$endpoint ?? 'the AWS endpoint'
  const attempts = e.$metadata?.attempts && e.$metadata.attempts > 1 ? ` (${e.$metadata.attempts} attempts)` : ''
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    const connecting = /establish a connection|connect/i.test(e.message)
    const what = connecting ? `could not connect to ${where} within ${formatSeconds(timeouts.connectMs)}` : `no answer from ${where} within ${formatSeconds(timeouts.answerMs)}`
    return new AwsError('TIMEOUT', `${call}: ${what}${attempts}; ${CHECK}, or allow longer with --timeout SECONDS`, { cause: err })
  }
  if (NETWORK_CODES.has(e.code ?? '')) {
    return new AwsError('NETWORK', `${call}: could not reach ${where} (${e.code})${attempts}; ${CHECK}`, { cause: err })
  }
  return err
}
