/**
 * A loopback stand-in for IAM's service last-accessed API, which moto lacks. It answers
 * GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails itself, with a fixed
 * latency per call and jobs that take a few seconds to finish (as IAM's do), and forwards every
 * other request to moto. It counts the calls it answers, per role.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ServiceUsageServerOptions {
  /** The moto endpoint everything else goes to. */
  upstream: string
  /** Milliseconds before each answer. */
  latencyMs: number
  /** A job finishes between min and max milliseconds after it was generated (deterministic per role). */
  jobMs: { min: number; max: number }
}

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/'

export class ServiceUsageServer {
  generateCalls = 0
  getCalls = 0
  inProgressAnswers = 0
  private jobs = new Map<string, { arn: string; readyAt: number; created: Date }>()

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(options: ServiceUsageServerOptions): Promise<ServiceUsageServer> {
    const target = new URL(options.upstream)
    let self: ServiceUsageServer | undefined
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const params = new URLSearchParams(body)
        const action = params.get('Action')
        if (action === 'GenerateServiceLastAccessedDetails' || action === 'GetServiceLastAccessedDetails') {
          setTimeout(() => {
            const xml = action === 'GenerateServiceLastAccessedDetails' ? self!.generate(params.get('Arn') ?? '', options) : self!.get(params.get('JobId') ?? '')
            res.writeHead(200, { 'content-type': 'text/xml' })
            res.end(xml)
          }, options.latencyMs)
          return
        }
        forward(req, body, target, res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    self = new ServiceUsageServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return self
  }

  resetCounts(): void {
    this.generateCalls = this.getCalls = this.inProgressAnswers = 0
    this.jobs.clear()
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private generate(arn: string, options: ServiceUsageServerOptions): string {
    this.generateCalls++
    const jobId = `job-${this.jobs.size + 1}`
    const spread = options.jobMs.max - options.jobMs.min
    this.jobs.set(jobId, { arn, readyAt: Date.now() + options.jobMs.min + (hash(arn) % (spread + 1)), created: new Date() })
    return envelope('GenerateServiceLastAccessedDetails', `<JobId>${jobId}</JobId>`)
  }

  private get(jobId: string): string {
    this.getCalls++
    const job = this.jobs.get(jobId)
    if (!job) return envelope('GetServiceLastAccessedDetails', `<JobStatus>FAILED</JobStatus><JobCreationDate>${new Date().toISOString()}</JobCreationDate><ServicesLastAccessed/><Error><Message>no such job</Message><Code>NoSuchEntity</Code></Error>`)
    const created = `<JobType>SERVICE_LEVEL</JobType><JobCreationDate>${job.created.toISOString()}</JobCreationDate>`
    if (Date.now() < job.readyAt) {
      this.inProgressAnswers++
      return envelope('GetServiceLastAccessedDetails', `<JobStatus>IN_PROGRESS</JobStatus>${created}<ServicesLastAccessed/>`)
    }
    // Every role was granted S3, DynamoDB and SQS; it used S3 last week and DynamoDB 200 days ago.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString()
    const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString()
    const services = [
      `<member><ServiceName>Amazon S3</ServiceName><ServiceNamespace>s3</ServiceNamespace><LastAuthenticated>${weekAgo}</LastAuthenticated><LastAuthenticatedEntity>${job.arn}</LastAuthenticatedEntity><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities></member>`,
      `<member><ServiceName>Amazon DynamoDB</ServiceName><ServiceNamespace>dynamodb</ServiceNamespace><LastAuthenticated>${longAgo}</LastAuthenticated><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities></member>`,
      `<member><ServiceName>Amazon SQS</ServiceName><ServiceNamespace>sqs</ServiceNamespace><TotalAuthenticatedEntities>0</TotalAuthenticatedEntities></member>`,
    ].join('')
    return envelope('GetServiceLastAccessedDetails', `<JobStatus>COMPLETED</JobStatus>${created}<JobCompletionDate>${new Date().toISOString()}</JobCompletionDate><IsTruncated>false</IsTruncated><ServicesLastAccessed>${services}</ServicesLastAccessed>`)
  }
}

function envelope(action: string, result: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></${action}Response>`
}

function forward(req: IncomingMessage, body: string, target: URL, res: import('node:http').ServerResponse): void {
  const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers)
    answer.pipe(res)
  })
  upstream.on('error', () => res.destroy())
  upstream.end(body)
}

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}
