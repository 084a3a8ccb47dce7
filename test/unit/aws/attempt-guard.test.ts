import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { AwsClients } from '../../../src/aws/clients.js'
import { IamGateway } from '../../../src/aws/iam-gateway.js'
import { StsGateway } from '../../../src/aws/sts-gateway.js'
import { SwitchableCredentials } from '../../../src/aws/switchable-credentials.js'
import { reportFor } from '../../../src/cli/error-report.js'
import { parseTimeoutSeconds } from '../../../src/aws/timeouts.js'

/**
 * The client factory against a loopback HTTP server that answers as a broken network would: never,
 * with an HTML page, with XML that lacks what AWS always sends. What this does not prove: how real
 * AWS answers (moto's suites do), and a connect timeout (no loopback address drops SYNs).
 */
type Answer = (req: IncomingMessage, res: ServerResponse, action: string) => void

let server: Server
let endpoint: string
let requests: string[]
let answer: Answer
const held: ServerResponse[] = []

beforeEach(async () => {
  requests = []
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? String(req.headers['x-amz-target'] ?? '')
      requests.push(action)
      answer(req, res, action)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(async () => {
  for (const res of held.splice(0)) res.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const KEY = { accessKeyId: 'AKIAFAKEFAKEFAKE0001', secretAccessKey: 'fake-secret-TEST-000000000000000000000001' }

function gateways(timeoutSeconds: number) {
  const identity = new SwitchableCredentials(KEY)
  const clients = new AwsClients({ region: 'us-east-1', endpointUrl: endpoint, credentials: identity, timeoutSeconds })
  return { clients, sts: new StsGateway(clients, identity), iam: new IamGateway(clients, identity) }
}

const html = (status: number): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end('<!doctype html>\n<html><head><title>Welcome to the hotel Wi-Fi</title></head><body>Log in</body></html>')
}
const hang: Answer = (_req, res) => void held.push(res)
const xml = (text: string): Answer => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/xml' })
  res.end(text)
}

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )
  return reportFor(err)
}

describe('answers that are not AWS\'s', () => {
  it('an HTML page with 200 fails a call whose success has no fields (DeleteAccessKey), naming call, status and type', async () => {
    answer = html(200)
    const { iam, clients } = gateways(5)
    const report = await failure(iam.deleteAccessKey(KEY, 'alice', 'AKIAFAKEFAKEFAKE0002'))
    expect(report).toMatchObject({ exitCode: 1, code: 'NOT_AWS_ANSWER' })
    expect(report.message).toBe(
      `iam:DeleteAccessKey: the answer from ${endpoint} is not AWS's (HTTP 200, text/html; charset=utf-8: an HTML page titled "Welcome to the hotel Wi-Fi"), so iamkit did not take it as done; check the network, --endpoint-url, --region and any proxy (HTTPS_PROXY), or a captive portal`,
    )
    expect(requests).toEqual(['DeleteAccessKey'])
    await clients.destroy()
  })

  it('an HTML page with 500 is retried like a 5xx, within the retry budget, then reported as not AWS\'s', async () => {
    answer = html(500)
    const { sts, clients } = gateways(1)
    const started = Date.now()
    const report = await failure(sts.getCallerIdentity(KEY))
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(report.code).toBe('NOT_AWS_ANSWER')
    expect(report.message).toMatch(/^sts:GetCallerIdentity: the answer from .* is not AWS's \(HTTP 500, text\/html/)
    expect(requests.length).toBeGreaterThan(1)
    await clients.destroy()
  })

  it('XML for another call, and XML without the fields AWS always sends, are not AWS\'s answers', async () => {
    answer = xml('<?xml version="1.0"?><ListUsersResponse><ListUsersResult/></ListUsersResponse>')
    const { sts, clients } = gateways(5)
    expect((await failure(sts.getCallerIdentity(KEY))).message).toContain('XML whose root is <ListUsersResponse>, not <GetCallerIdentityResponse>')
    answer = xml('<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>')
    const report = await failure(sts.getCallerIdentity(KEY))
    expect(report.message).toMatch(/^sts:GetCallerIdentity: the answer is not AWS's \(HTTP 200, text\/xml: no Arn, UserId, which AWS always sends\)/)
    await clients.destroy()
  })

  it('plain text and an empty body are refused; a proper answer passes', async () => {
    const { sts, clients } = gateways(5)
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK')
    expect((await failure(sts.getCallerIdentity(KEY))).message).toContain('(HTTP 200, text/plain: a body that is not XML ("OK"))')
    answer = (_req, res) => res.writeHead(200).end()
    expect((await failure(sts.getCallerIdentity(KEY))).message).toContain('(HTTP 200, no content type: an empty body)')
    answer = xml(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
    )
    expect(await sts.getCallerIdentity(KEY)).toEqual({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAFAKE' })
    await clients.destroy()
  })

  it('an AWS error answer stays the AWS error', async () => {
    answer = (_req, res) =>
      res
        .writeHead(403, { 'content-type': 'text/xml' })
        .end('<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>1</RequestId></ErrorResponse>')
    const { sts, clients } = gateways(5)
    expect(await failure(sts.getCallerIdentity(KEY))).toMatchObject({ code: 'ACCESS_DENIED' })
    await clients.destroy()
  })
})

describe('timeouts', () => {
  it('an endpoint that accepts and never answers: one line naming the endpoint, within the limit, no endless retries', async () => {
    answer = hang
    const { sts, clients } = gateways(0.5)
    const started = Date.now()
    const report = await failure(sts.getCallerIdentity(KEY))
    const elapsed = Date.now() - started
    expect(report).toMatchObject({ exitCode: 1, code: 'TIMEOUT' })
    expect(report.message).toMatch(new RegExp(`^sts:GetCallerIdentity: no answer from ${endpoint} within 0.5 s.*; check the network, --endpoint-url, --region and any proxy \\(HTTPS_PROXY\\), or allow longer with --timeout SECONDS$`))
    expect(elapsed).toBeGreaterThanOrEqual(450)
    expect(elapsed).toBeLessThan(2_500)
    // The budget is spent: a later call of the same command gets one attempt, not eight.
    requests = []
    await failure(sts.getCallerIdentity(KEY))
    expect(requests).toHaveLength(1)
    await clients.destroy()
  })

  it('a body that stops arriving is a timeout too', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' })
      res.write('<GetCallerIdentityResponse>')
      held.push(res)
    }
    const { sts, clients } = gateways(0.5)
    const report = await failure(sts.getCallerIdentity(KEY))
    expect(report.code).toBe('TIMEOUT')
    await clients.destroy()
  })

  it('--timeout and IAMKIT_TIMEOUT accept seconds and refuse anything else as bad input', () => {
    expect(parseTimeoutSeconds('2')).toBe(2)
    expect(parseTimeoutSeconds('0.25')).toBe(0.25)
    for (const bad of ['0', '-1', 'soon', '', '3601']) {
      expect(reportFor(catchSync(() => parseTimeoutSeconds(bad)))).toMatchObject({ exitCode: 2, code: 'BAD_TIMEOUT' })
    }
  })
})

function catchSync(f: () => unknown): unknown {
  try {
    f()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}
