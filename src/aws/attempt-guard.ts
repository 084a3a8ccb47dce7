import { type AnswerMeta, bytesToCheck, hasEnoughToCheck, isCheckedByItsStart, problemWithAnswer } from './aws-answer.js'
import { BODY_SINK, type BodySink } from './body-sink.js'
import { isNoAnswer, NotAwsAnswerError, type TransportTagged } from './transport-error.js'
import type { Timeouts } from './timeouts.js'

/**
 * Two middlewares that run once per attempt of every AWS call, inside the SDK's retries:
 * - `answerCheck` reads the raw answer before the SDK parses it and refuses one that is not AWS's;
 * - `attemptGuard` tags failures with the endpoint and stops retrying for the whole command once
 *   attempts without an answer (timeouts, dead connections, 5xx) have used up the retry budget.
 */

type Next = (args: { request?: unknown }) => Promise<{ response?: unknown; output?: unknown }>
interface Context {
  clientName?: string
  commandName?: string
  [key: symbol]: unknown
}

/** The budget for retrying unanswered attempts, shared by every call of one command. */
export class RetryBudget {
  private spentMs = 0

  constructor(readonly limitMs: number) {}

  spend(ms: number): void {
    this.spentMs += Math.max(0, ms)
  }

  get exhausted(): boolean {
    return this.spentMs >= this.limitMs
  }
}

/**
 * Wraps the last attempt's error once the budget is spent. It carries no status, code or cause,
 * so the SDK's retry strategy sees a client error and gives up; the client factory unwraps it.
 */
export class FinalAttempt extends Error {
  constructor(readonly error: unknown) {
    super('no retries left')
    this.name = 'IamkitFinalAttempt'
  }
}

const PAUSE_STARTED = Symbol('iamkitPauseStarted')
export const ANSWER = Symbol('iamkitAnswer')

export function attemptGuard(budget: RetryBudget) {
  return (next: Next, context: Context) => async (args: { request?: unknown }) => {
    const started = Date.now()
    // The pause before a retry of an unanswered attempt counts too: it is time spent waiting.
    const pause = context[PAUSE_STARTED]
    if (typeof pause === 'number') budget.spend(started - pause)
    context[PAUSE_STARTED] = undefined
    try {
      return await next(args)
    } catch (err) {
      if (err instanceof Error) (err as Error & TransportTagged).$endpoint ??= endpointOf(args.request)
      if (!isNoAnswer(err)) throw err
      const ended = Date.now()
      budget.spend(ended - started)
      context[PAUSE_STARTED] = ended
      if (budget.exhausted) throw new FinalAttempt(err)
      throw err
    }
  }
}

export function answerCheck(timeouts: Timeouts) {
  return (next: Next, context: Context) => async (args: { request?: unknown }) => {
    const result = await next(args)
    const response = result.response as RawResponse | undefined
    if (!response || typeof response.statusCode !== 'number') return result
    const service = serviceOf(context)
    const operation = (context.commandName ?? '').replace(/Command$/, '')
    const contentType = headerOf(response.headers, 'content-type')
    const answer: AnswerMeta = { status: response.statusCode, contentType }
    context[ANSWER] = answer
    const refuseIfNotAws = (bytes: Uint8Array) => {
      const problem = problemWithAnswer(service, operation, { ...answer, body: new TextDecoder().decode(bytesToCheck(service, bytes)) })
      if (problem) throw new NotAwsAnswerError(`${service}:${operation}`, answer.status, contentType, problem, endpointOf(args.request))
    }
    // A command that reads its answer as it arrives (body-sink.ts): only successful answers, and
    // only where the check needs just the start of the body (XML, not JSON).
    const makeSink = context[BODY_SINK] as (() => BodySink) | undefined
    const ok = answer.status >= 200 && answer.status < 300
    if (makeSink && ok && isCheckedByItsStart(service)) {
      // The SDK reads what the sink leaves to it.
      response.body = await readBody(response.body, timeouts.answerMs, { service, check: refuseIfNotAws, sink: makeSink() })
      return result
    }
    const bytes = await readBody(response.body, timeouts.answerMs)
    // Hand the SDK the bytes read here instead of the consumed stream.
    response.body = bytes
    refuseIfNotAws(bytes)
    return result
  }
}

interface RawResponse {
  statusCode: number
  headers?: Record<string, string | undefined>
  body?: unknown
}

/** Where a streamed body goes: its start is checked first, then every chunk goes to the sink. */
interface Streamed {
  service: string
  check(head: Uint8Array): void
  sink: BodySink
}

/**
 * Reads the whole answer, or streams it into a sink; a body that stops arriving is a timeout
 * like a missing answer.
 */
async function readBody(body: unknown, limitMs: number, streamed?: Streamed): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return streamed ? streamWhole(body, streamed) : body
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return streamed ? streamWhole(new Uint8Array(), streamed) : new Uint8Array()
  const stream = body as AsyncIterable<Uint8Array | string> & { destroy?: (err?: Error) => void }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = Object.assign(new Error(`the answer's body did not arrive within ${limitMs} ms`), { name: 'TimeoutError' })
      stream.destroy?.(err)
      reject(err)
    }, limitMs)
  })
  const collect = async () => {
    // One copy of the answer, not three: chunks are kept as they come, joined once.
    const chunks: Uint8Array[] = []
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  }
  const pour = async (to: Streamed) => {
    // The start is held until the check has enough of it; after that, chunks pass straight on.
    let head: Uint8Array[] | undefined = []
    let headLength = 0
    for await (const raw of stream) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw
      if (!head) {
        to.sink.write(chunk)
        continue
      }
      head.push(chunk)
      headLength += chunk.length
      const joined: Uint8Array = head.length === 1 ? head[0]! : Buffer.concat(head, headLength)
      head = [joined]
      if (hasEnoughToCheck(to.service, joined)) {
        to.check(joined)
        to.sink.write(joined)
        head = undefined
      }
    }
    return head ? streamWhole(head[0] ?? new Uint8Array(), to) : to.sink.end()
  }
  try {
    return await Promise.race([streamed ? pour(streamed) : collect(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** A body that was never a stream (or ended before the check had enough of it), streamed in one piece. */
function streamWhole(bytes: Uint8Array, to: Streamed): Uint8Array {
  to.check(bytes)
  if (bytes.length > 0) to.sink.write(bytes)
  return to.sink.end()
}

export function serviceOf(context: Context): string {
  return (context.clientName ?? '').replace(/Client$/, '').toLowerCase()
}

function headerOf(headers: Record<string, string | undefined> | undefined, name: string): string {
  if (!headers) return ''
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  return key ? (headers[key] ?? '') : ''
}

function endpointOf(request: unknown): string | undefined {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined
  if (!r?.hostname) return undefined
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`
}
