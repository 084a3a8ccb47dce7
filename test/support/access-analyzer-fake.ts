import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeAnalyzer {
  name: string
  type: 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS'
  status: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED'
}

/**
 * A loopback stand-in for IAM Access Analyzer's ListAnalyzers (REST-JSON `GET /analyzer`), since
 * moto has no Access Analyzer. It answers per region (from the request's SigV4 credential scope)
 * with the analyzers a test sets. It does not prove the request signature, pagination at AWS's
 * page size, or any other Access Analyzer call.
 */
export class AccessAnalyzerFake {
  /** Analyzers by region; a region not listed has none. */
  readonly analyzers = new Map<string, FakeAnalyzer[]>()
  calls = 0

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<AccessAnalyzerFake> {
    let fake: AccessAnalyzerFake | undefined
    const server = createServer((req, res) => {
      fake!.calls++
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'us-east-1'
      if (req.method !== 'GET' || !req.url?.startsWith('/analyzer')) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' })
        res.end(JSON.stringify({ message: `the fake answers only ListAnalyzers, not ${req.method} ${req.url}` }))
        return
      }
      const analyzers = (fake!.analyzers.get(region) ?? []).map((a) => ({ ...a, arn: `arn:aws:access-analyzer:${region}:123456789012:analyzer/${a.name}` }))
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ analyzers }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new AccessAnalyzerFake(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return fake
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
