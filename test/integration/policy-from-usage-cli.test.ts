import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

const ACCOUNT = '123456789012'

/**
 * moto has no cloudtrail:LookupEvents, so this suite answers it with a loopback server that
 * speaks the CloudTrail JSON protocol: enough to see `iamkit policy from-usage` end to end
 * (flags, signing, paging, stderr report, stdout policy, exit codes).
 */
function cloudTrailEvent(role: string, source: string, name: string, minutesAgo: number, arns: string[] = []) {
  const time = new Date(Date.now() - minutesAgo * 60_000)
  return {
    EventId: `${name}-${minutesAgo}`,
    EventName: name,
    EventSource: source,
    EventTime: time.getTime() / 1000,
    CloudTrailEvent: JSON.stringify({
      userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', userName: role, arn: `arn:aws:iam::${ACCOUNT}:role/${role}` } } },
      eventSource: source,
      eventName: name,
      eventType: 'AwsApiCall',
      resources: arns.map((ARN) => ({ ARN })),
    }),
  }
}

describe('iamkit policy from-usage against a loopback CloudTrail', () => {
  let server: Server
  let endpoint: string
  let pages: object[][]
  let requests: { target: string | undefined; body: { StartTime?: number; EndTime?: number; NextToken?: string; MaxResults?: number } }[]
  let sandbox: Sandbox

  beforeEach(async () => {
    requests = []
    server = createServer((req, res) => {
      let text = ''
      req.on('data', (c) => (text += c))
      req.on('end', () => {
        const body = JSON.parse(text || '{}')
        requests.push({ target: req.headers['x-amz-target'] as string | undefined, body })
        const index = body.NextToken ? Number(body.NextToken) : 0
        res.setHeader('Content-Type', 'application/x-amz-json-1.1')
        res.end(JSON.stringify({ Events: pages[index] ?? [], ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    sandbox = await Sandbox.create()
  })
  afterEach(async () => {
    await sandbox.dispose()
    await new Promise((resolve) => server.close(resolve))
  })

  const fromUsage = (args: string[]) =>
    sandbox.iamkit(['policy', 'from-usage', '--endpoint-url', endpoint, '--region', 'eu-west-1', ...args], {
      env: { AWS_ACCESS_KEY_ID: 'AKIAFAKEREADER000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' },
    })

  it('prints the policy on stdout and the report on stderr, reading every page', async () => {
    const bucket = 'arn:aws:s3:::deploy-artifacts'
    pages = [
      [cloudTrailEvent('deploy', 's3.amazonaws.com', 'GetBucketPolicy', 1, [bucket]), cloudTrailEvent('other', 'iam.amazonaws.com', 'ListUsers', 2)],
      [cloudTrailEvent('deploy', 'ec2.amazonaws.com', 'DescribeInstances', 3)],
    ]
    const result = await fromUsage(['--role', 'deploy', '--days', '7'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
        { Sid: 'S3', Effect: 'Allow', Action: 's3:GetBucketPolicy', Resource: bucket },
      ],
    })
    expect(result.stderr).toMatch(/^Reading CloudTrail management events in eu-west-1 from \S+Z to \S+Z \(at most 10000 events, 2 requests per second\)…\n/)
    expect(result.stderr).toMatch(/Read 3 events from \S+Z to \S+Z in eu-west-1; 2 by sessions of deploy, 2 used for the policy\.\n$/)
    expect(requests).toHaveLength(2)
    expect(requests.every((r) => r.target === 'CloudTrail_20131101.LookupEvents')).toBe(true)
    const [first] = requests
    expect(first!.body.MaxResults).toBe(50)
    expect(Math.round((first!.body.EndTime! - first!.body.StartTime!) / 86_400)).toBe(7)
    expect(requests[1]!.body.NextToken).toBe('1')
  })

  it('--json --out: writes the policy and prints the report with the period and counts', async () => {
    pages = [[cloudTrailEvent('deploy', 'monitoring.amazonaws.com', 'PutMetricData', 1)]]
    const out = join(sandbox.home, 'deploy.json')
    const result = await fromUsage(['--role', 'deploy', '--days', '30', '--out', out, '--json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({
      role: 'deploy',
      region: 'eu-west-1',
      out,
      size: { limit: 'role-inline', maximum: 10240 },
      events: { read: 1, fromRole: 1, used: 1, denied: 0, unmapped: [] },
      period: { complete: true },
    })
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(report.policy)
    expect(report.policy.Statement).toEqual([{ Sid: 'Cloudwatch', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' }])
  })

  it('an empty history prints no policy, says the role made no calls in the period, and exits 1', async () => {
    pages = [[cloudTrailEvent('other', 'iam.amazonaws.com', 'ListUsers', 2)]]
    const result = await fromUsage(['--role', 'deploy', '--days', '3'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /iamkit: role deploy made no calls recorded in CloudTrail's event history in eu-west-1 from \S+Z to \S+Z \(1 event read\), so there is nothing to build a policy from/,
    )
  })
})
