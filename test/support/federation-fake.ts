import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SigninRequest {
  session: Record<string, unknown>
  sessionDuration?: string
  /** Who the session belongs to, as STS (moto) answered GetCallerIdentity with it. */
  arn?: string
  answer: string
}

/**
 * A loopback stand-in for the AWS sign-in federation endpoint's `getSigninToken`: it checks the
 * Session document (exactly sessionId, sessionKey, sessionToken), the SessionDuration range
 * (900–43200, and none for a federated user's session, as AWS's own sample sends none), asks
 * STS (moto) who the credentials belong to, and answers `{"SigninToken": …}`.
 *
 * What it does NOT prove: that the real endpoint accepts these sessions (moto accepts any key
 * it issued, and its STS does not tell federated users apart); the console login itself
 * (`Action=login`), the 15-minute token lifetime and the console pages are not modelled.
 */
export class FederationFake {
  readonly requests: SigninRequest[] = []
  readonly tokens: string[] = []
  /** Answer every request with an HTML page, like a captive portal. */
  html = false

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(whoIs: (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) => Promise<string>): Promise<FederationFake> {
    let fake: FederationFake | undefined
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const answer = (status: number, body: unknown, what: string, record: Omit<SigninRequest, 'answer'>) => {
        fake!.requests.push({ ...record, answer: what })
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (fake!.html) {
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end('<html><body>Please sign in to the hotel Wi-Fi</body></html>')
      }
      let session: Record<string, unknown> = {}
      try {
        session = JSON.parse(url.searchParams.get('Session') ?? '')
      } catch {
        return answer(400, { message: 'Session is not JSON' }, 'bad session', { session })
      }
      const sessionDuration = url.searchParams.get('SessionDuration') ?? undefined
      const record = { session, ...(sessionDuration !== undefined ? { sessionDuration } : {}) }
      if (req.method !== 'GET' || url.pathname !== '/federation' || url.searchParams.get('Action') !== 'getSigninToken') return answer(400, { message: 'bad request' }, 'bad request', record)
      const keys = Object.keys(session).sort().join(',')
      if (keys !== 'sessionId,sessionKey,sessionToken' || Object.values(session).some((v) => typeof v !== 'string' || !v)) return answer(400, { message: 'bad session' }, 'bad session', record)
      if (sessionDuration !== undefined && !(/^\d+$/.test(sessionDuration) && Number(sessionDuration) >= 900 && Number(sessionDuration) <= 43_200)) {
        return answer(400, { message: 'bad SessionDuration' }, 'bad duration', record)
      }
      let arn: string
      try {
        arn = await whoIs({ accessKeyId: session.sessionId as string, secretAccessKey: session.sessionKey as string, sessionToken: session.sessionToken as string })
      } catch {
        return answer(400, { message: 'invalid credentials' }, 'invalid credentials', record)
      }
      if (sessionDuration !== undefined && arn.includes(':federated-user/')) return answer(400, { message: 'SessionDuration with a federation token' }, 'bad duration', { ...record, arn })
      const token = randomBytes(48).toString('base64')
      fake!.tokens.push(token)
      answer(200, { SigninToken: token }, 'ok', { ...record, arn })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new FederationFake(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`)
    return fake
  }

  stop(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
