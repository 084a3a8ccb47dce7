import { CloudTrailClient, type Event, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { AwsClients } from '../../../../src/aws/clients.js'
import { CloudTrailGateway } from '../../../../src/aws/cloudtrail-gateway.js'
import { RequestPacer } from '../../../../src/aws/request-pacer.js'
import type { Reporter } from '../../../../src/reporter.js'
import { AwsError, UsageError } from '../../../../src/errors.js'
import { toIamJson } from '../../../../src/policy/document/render-policy.js'
import { collectRoleUsage, type UsageRequest } from '../../../../src/policy/usage/collect-usage.js'
import { validatePolicy } from '../../../../src/policy/validate-policy.js'
import { fakeClock } from '../../../support/fake-clock.js'
import { expectGolden } from '../../../support/golden.js'
import { loadIamReference } from '../../../../src/iam-reference/load-iam-reference.js'

const NOW = new Date('2026-11-20T12:00:00Z')
const ACCOUNT = '123456789012'
let eventIds = 0

interface EventSpec {
  source: string
  name: string
  role?: string
  minutesAgo?: number
  arns?: string[]
  lookupResources?: { ResourceType: string; ResourceName: string }[]
  errorCode?: string
  eventType?: string
  identity?: object
}

/** An event as LookupEvents returns it, with its CloudTrail record as a JSON string. */
function event(spec: EventSpec): Event {
  const role = spec.role ?? 'deploy'
  const time = new Date(NOW.getTime() - (spec.minutesAgo ?? 1) * 60_000)
  const record = {
    eventVersion: '1.09',
    userIdentity: spec.identity ?? {
      type: 'AssumedRole',
      principalId: `AROAFAKE:${role}-session`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAFAKE', arn: `arn:aws:iam::${ACCOUNT}:role/ci/${role}`, accountId: ACCOUNT, userName: role } },
    },
    eventTime: time.toISOString(),
    eventSource: spec.source,
    eventName: spec.name,
    eventType: spec.eventType ?? 'AwsApiCall',
    ...(spec.errorCode ? { errorCode: spec.errorCode } : {}),
    ...(spec.arns ? { resources: spec.arns.map((ARN) => ({ ARN, accountId: ACCOUNT })) } : {}),
  }
  return {
    EventId: `id-${++eventIds}`,
    EventName: spec.name,
    EventTime: time,
    EventSource: spec.source,
    Resources: spec.lookupResources,
    CloudTrailEvent: JSON.stringify(record),
  }
}

function recordingReporter(): Reporter & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`), debug: () => {} }
}

describe('policy from-usage (CloudTrail pages from aws-sdk-client-mock)', () => {
  const cloudtrail = mockClient(CloudTrailClient)
  let clients: AwsClients
  let clock: ReturnType<typeof fakeClock>
  let requests: { at: number; input: LookupEventsCommandInput }[]
  let reporter: ReturnType<typeof recordingReporter>

  beforeEach(() => {
    cloudtrail.reset()
    clients = new AwsClients({ region: 'us-east-1' })
    clock = fakeClock(1_000_000)
    requests = []
    reporter = recordingReporter()
  })
  afterEach(() => clients.destroy())

  /** Serves `pages` in order, following NextToken, and records when each request started. */
  function serve(pages: Event[][]): void {
    cloudtrail.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      requests.push({ at: clock.millis(), input })
      const index = input.NextToken ? Number(input.NextToken) : 0
      return { Events: pages[index], NextToken: index + 1 < pages.length ? String(index + 1) : undefined }
    })
  }

  async function collect(request: Partial<UsageRequest> = {}) {
    const trail = new CloudTrailGateway(clients, new RequestPacer(550, clock))
    return collectRoleUsage({ role: 'deploy', days: 30, maxEvents: 10_000, now: NOW, region: 'us-east-1', ...request }, { trail, reporter, reference: await loadIamReference() })
  }

  it('maps the role’s calls to actions, scopes resources, and writes one statement per service (golden)', async () => {
    const bucket = 'arn:aws:s3:::deploy-artifacts'
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`
    serve([
      [
        event({ source: 's3.amazonaws.com', name: 'ListBuckets' }),
        event({ source: 's3.amazonaws.com', name: 'GetBucketEncryption', arns: [bucket] }),
        event({ source: 's3.amazonaws.com', name: 'GetBucketEncryption', lookupResources: [{ ResourceType: 'AWS::S3::Bucket', ResourceName: bucket }] }),
        event({ source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', arns: [fn] }),
        event({ source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', arns: [fn] }),
        event({ source: 'iam.amazonaws.com', name: 'ListRoles', role: 'someone-else' }),
      ],
      [
        // Named in one event but not in another: the action cannot be scoped.
        event({ source: 'ec2.amazonaws.com', name: 'DescribeInstances', arns: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`] }),
        event({ source: 'ec2.amazonaws.com', name: 'DescribeInstances' }),
        event({ source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', arns: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:worker`] }),
        event({ source: 'monitoring.amazonaws.com', name: 'PutMetricData' }),
        event({ source: 'sts.amazonaws.com', name: 'GetCallerIdentity' }),
        event({ source: 'iam.amazonaws.com', name: 'CreateUser', errorCode: 'AccessDenied' }),
        event({ source: 'apigateway.amazonaws.com', name: 'GetRestApis' }),
        event({ source: 'signin.amazonaws.com', name: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' }),
        event({ source: 'iam.amazonaws.com', name: 'ListUsers', identity: { type: 'IAMUser', userName: 'deploy', arn: `arn:aws:iam::${ACCOUNT}:user/deploy` } }),
      ],
    ])
    const report = await collect()
    await expectGolden('from-usage-deploy.json', `${JSON.stringify(validatePolicy(report.policy, { kind: 'identity', limit: 'role-inline', tooLargeAdvice: '', reference: await loadIamReference() }).json, null, 2)}\n`)
    expect(toIamJson(report.policy)).toMatchObject({
      Statement: [
        { Sid: 'Cloudwatch', Action: 'cloudwatch:PutMetricData', Resource: '*' },
        { Sid: 'Ec2', Action: 'ec2:DescribeInstances', Resource: '*' },
        { Sid: 'Lambda', Action: 'lambda:UpdateFunctionCode', Resource: fn },
        { Sid: 'Lambda2', Action: 'lambda:GetFunction', Resource: [fn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:worker`] },
        { Sid: 'S3', Action: 's3:ListAllMyBuckets', Resource: '*' },
        { Sid: 'S32', Action: 's3:GetEncryptionConfiguration', Resource: bucket },
      ],
    })
    expect(report.events).toEqual({
      read: 15,
      fromRole: 12,
      used: 9,
      denied: 1,
      unmapped: [{ eventSource: 'apigateway.amazonaws.com', eventName: 'GetRestApis', reason: expect.stringContaining('HTTP verbs') }],
    })
    expect(report.period).toEqual({ start: '2026-10-21T12:00:00Z', end: '2026-11-20T12:00:00Z', complete: true })
    expect(requests.map((r) => r.input)).toEqual([
      { StartTime: new Date('2026-10-21T12:00:00Z'), EndTime: NOW, MaxResults: 50, NextToken: undefined },
      { StartTime: new Date('2026-10-21T12:00:00Z'), EndTime: NOW, MaxResults: 50, NextToken: '1' },
    ])
    expect(reporter.lines[0]).toBe(
      'Reading CloudTrail management events in us-east-1 from 2026-10-21T12:00:00Z to 2026-11-20T12:00:00Z (at most 10000 events, 2 requests per second)…',
    )
    expect(reporter.lines).toContain(
      'Read 15 events from 2026-10-21T12:00:00Z to 2026-11-20T12:00:00Z in us-east-1; 12 by sessions of deploy, 9 used for the policy, 1 refused with AccessDenied left out.',
    )
    expect(reporter.lines.some((l) => l.startsWith('warning: apigateway.amazonaws.com GetRestApis is not in the policy'))).toBe(true)
  })

  it('matches the role by ARN as well as by name', async () => {
    serve([[event({ source: 'iam.amazonaws.com', name: 'ListRoles' }), event({ source: 'iam.amazonaws.com', name: 'ListUsers', role: 'other' })]])
    const report = await collect({ role: `arn:aws:iam::${ACCOUNT}:role/ci/deploy` })
    expect(toIamJson(report.policy)).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'Iam', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] })
  })

  it('keeps LookupEvents under 2 requests per second and reports progress every 10 pages', async () => {
    const pages = Array.from({ length: 25 }, (_, i) => [event({ source: 'iam.amazonaws.com', name: 'ListRoles', minutesAgo: i + 1 })])
    serve(pages)
    await collect()
    expect(requests).toHaveLength(25)
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(550)
    for (const { at } of requests) expect(requests.filter((r) => r.at >= at && r.at < at + 1000).length).toBeLessThanOrEqual(2)
    expect(reporter.lines.filter((l) => l.startsWith('Read 10 events') || l.startsWith('Read 20 events'))).toEqual([
      'Read 10 events back to 2026-11-20T11:50:00Z; 10 by deploy',
      'Read 20 events back to 2026-11-20T11:40:00Z; 20 by deploy',
    ])
  })

  it('stops at --max-events and says which period the events cover', async () => {
    serve([
      [event({ source: 'iam.amazonaws.com', name: 'ListRoles', minutesAgo: 5 }), event({ source: 'iam.amazonaws.com', name: 'ListUsers', minutesAgo: 60 })],
      [event({ source: 'iam.amazonaws.com', name: 'ListGroups', minutesAgo: 120 })],
    ])
    const report = await collect({ maxEvents: 2 })
    // The second page shows that there was more to read; its events are not used.
    expect(requests).toHaveLength(2)
    expect(report.period).toEqual({ start: '2026-11-20T11:00:00Z', end: '2026-11-20T12:00:00Z', complete: false })
    expect(report.policy.statements.flatMap((s) => s.actions)).toEqual(['iam:ListRoles', 'iam:ListUsers'])
    expect(reporter.lines).toContain('warning: stopped at --max-events 2: only events since 2026-11-20T11:00:00Z were read; raise --max-events to cover all 30 days')
  })

  it('gives no policy for an empty history: NO_USAGE, exit 1, saying the role made no calls in the period', async () => {
    serve([[event({ source: 'iam.amazonaws.com', name: 'ListRoles', role: 'other' })], []])
    const err = await collect({ days: 7 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AwsError)
    expect((err as AwsError).exitCode).toBe(1)
    expect((err as AwsError).code).toBe('NO_USAGE')
    expect((err as AwsError).message).toBe(
      "role deploy made no calls recorded in CloudTrail's event history in us-east-1 from 2026-11-13T12:00:00Z to 2026-11-20T12:00:00Z (1 event read), so there is nothing to build a policy from; try more --days, another --region, or a higher --max-events",
    )
  })

  it('says so when the role only made calls that cannot be granted', async () => {
    serve([[event({ source: 'iam.amazonaws.com', name: 'CreateUser', errorCode: 'AccessDenied' })]])
    await expect(collect()).rejects.toThrow('none of the 1 calls of role deploy could be granted')
  })

  it.each([
    [{ days: 0 }, '--days must be a whole number from 1 to 90'],
    [{ days: 91 }, '--days must be a whole number from 1 to 90'],
    [{ maxEvents: 0 }, '--max-events must be a whole number of at least 1'],
    [{ role: 'no spaces allowed' }, 'is not a role name or role ARN'],
  ])('refuses %o before calling CloudTrail', async (request, message) => {
    serve([[]])
    const err = await collect(request).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toContain(message)
    expect(requests).toHaveLength(0)
  })
})
