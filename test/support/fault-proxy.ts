import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One AWS request as the proxy saw it. */
export interface ProxiedCall {
  /** 1-based position among all requests the proxy received. */
  index: number
  /** The AWS action, e.g. `CreateAccessKey` (query protocol) or `LookupEvents` (JSON protocol). */
  action: string
  body: string
  headers: IncomingMessage['headers']
}

/**
 * What to do with a request: pass it on, answer it with an error, never answer it (AWS never
 * saw it), or let AWS act on it and never deliver the answer (the client dies or the
 * connection drops after AWS did the work).
 */
export type Verdict =
  | { kind: 'forward' }
  | { kind: 'fail'; status: number; code: string; message?: string }
  | { kind: 'hold' }
  | { kind: 'lose-answer' }
  /** An answer that is not AWS's: a captive portal's page, a proxy's text. AWS never saw the call. */
  | { kind: 'answer'; status: number; contentType: string; body: string }

export type Decide = (call: ProxiedCall) => Verdict | Promise<Verdict>

export const forward: Verdict = { kind: 'forward' }
export const hold: Verdict = { kind: 'hold' }
export const loseAnswer: Verdict = { kind: 'lose-answer' }
export const htmlPage = (status: number): Verdict => ({
  kind: 'answer',
  status,
  contentType: 'text/html; charset=utf-8',
  body: '<!DOCTYPE html><html><head><title>Hotel Wi-Fi: please log in</title></head><body><form>…</form></body></html>',
})
export const throttle: Verdict = { kind: 'fail', status: 400, code: 'Throttling', message: 'Rate exceeded' }

/**
 * A loopback HTTP proxy in front of moto for fault tests: it counts and names every AWS call,
 * and per call forwards it, answers with an AWS-shaped error, or holds it unanswered (so a
 * test can SIGKILL the client mid-call). Only ever talks to the loopback target it is given.
 */
export class FaultProxy {
  readonly calls: ProxiedCall[] = []
  private held: ServerResponse[] = []
  private heldWaiters: ((call: ProxiedCall) => void)[] = []

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(target: string, decide: Decide = () => forward): Promise<FaultProxy> {
    const targetUrl = new URL(target)
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(targetUrl.hostname)) throw new Error(`FaultProxy only proxies to loopback, not ${target}`)
    let proxy: FaultProxy | undefined
    const server = createServer((req, res) => void proxy!.handle(req, res, targetUrl, decide))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`)
    return proxy
  }

  /** Resolves with the next call the proxy holds (for `lose-answer`, once AWS has answered it). */
  nextHeld(): Promise<ProxiedCall> {
    return new Promise((resolve) => this.heldWaiters.push(resolve))
  }

  /** Calls by action name, in order: e.g. `actions()` → ['GetCallerIdentity', 'ListAccessKeys', …]. */
  actions(): string[] {
    return this.calls.map((c) => c.action)
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy()
    this.held = []
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse, target: URL, decide: Decide): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const call: ProxiedCall = { index: this.calls.length + 1, action: actionOf(req, body), body, headers: req.headers }
    this.calls.push(call)
    const verdict = await decide(call)
    if (verdict.kind === 'hold') {
      this.held.push(res)
      this.heldWaiters.shift()?.(call)
      return
    }
    if (verdict.kind === 'answer') {
      res.writeHead(verdict.status, { 'content-type': verdict.contentType })
      res.end(verdict.body)
      return
    }
    if (verdict.kind === 'fail') {
      const json = String(req.headers['content-type'] ?? '').includes('json')
      res.writeHead(verdict.status, { 'content-type': json ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-requestid': `fault-${call.index}` })
      res.end(json ? JSON.stringify({ __type: verdict.code, message: verdict.message ?? verdict.code }) : errorXml(verdict.code, verdict.message ?? verdict.code))
      return
    }
    const upstream = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        if (verdict.kind === 'lose-answer') {
          answer.resume()
          answer.on('end', () => {
            this.held.push(res)
            this.heldWaiters.shift()?.(call)
          })
          return
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    upstream.end(body)
  }
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop() ?? target
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`
}
