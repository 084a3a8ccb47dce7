import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'

import { collectServiceUsage } from '../../../../src/audit/collect/service-last-accessed.js'
import { fakeClock } from '../../../support/fake-clock.js'

const iamMock = mockClient(IAMClient)
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' } })
afterEach(() => iamMock.reset())

const arn = (n: number) => `arn:aws:iam::123456789012:role/r${n}`
const jobOf = (input: { Arn?: string }) => ({ JobId: `job-${input.Arn!.split('/').pop()}` })
const completed = (namespace: string, last?: Date) => ({
  JobStatus: 'COMPLETED' as const,
  JobCreationDate: new Date(),
  JobCompletionDate: new Date(),
  ServicesLastAccessed: [{ ServiceName: namespace.toUpperCase(), ServiceNamespace: namespace, LastAuthenticated: last }],
})
const inProgress = { JobStatus: 'IN_PROGRESS' as const, JobCreationDate: new Date(), JobCompletionDate: undefined, ServicesLastAccessed: undefined }
const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: {} })

describe('collectServiceUsage', () => {
  it('starts every job before collecting any, then collects them round-robin', async () => {
    const order: string[] = []
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).callsFake((input) => (order.push(`start ${input.Arn.split('/').pop()}`), jobOf(input)))
    let polls = 0
    iamMock.on(GetServiceLastAccessedDetailsCommand).callsFake((input) => {
      order.push(`get ${input.JobId}`)
      // r2's job needs a second round.
      return input.JobId === 'job-r2' && polls++ === 0 ? inProgress : completed('s3', new Date('2026-11-01T00:00:00Z'))
    })
    const clock = fakeClock()
    const result = await collectServiceUsage(iam, [arn(1), arn(2), arn(3)], { clock, concurrency: 2, pollMs: 1000 })
    expect(order).toEqual(['start r1', 'start r2', 'start r3', 'get job-r1', 'get job-r2', 'get job-r3', 'get job-r2'])
    expect(iamMock.commandCalls(GenerateServiceLastAccessedDetailsCommand)[0]!.args[0].input).toEqual({ Arn: arn(1), Granularity: 'SERVICE_LEVEL' })
    expect([...result.usage.keys()].sort()).toEqual([arn(1), arn(2), arn(3)])
    expect(result.usage.get(arn(2))).toEqual([{ namespace: 's3', name: 'S3', lastAuthenticated: new Date('2026-11-01T00:00:00Z') }])
    expect(result).toMatchObject({ timedOut: [], failed: [] })
    expect(clock.sleeps).toEqual([1000])
  })

  it('keeps at most --concurrency calls in flight', async () => {
    let inFlight = 0
    let peak = 0
    const slow = async <T>(value: T) => {
      peak = Math.max(peak, ++inFlight)
      await new Promise((resolve) => setTimeout(resolve, 2))
      inFlight--
      return value
    }
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).callsFake((input) => slow(jobOf(input)))
    iamMock.on(GetServiceLastAccessedDetailsCommand).callsFake(() => slow(completed('ec2')))
    const result = await collectServiceUsage(iam, Array.from({ length: 20 }, (_, i) => arn(i)), { clock: fakeClock(), concurrency: 3 })
    expect(result.usage.size).toBe(20)
    expect(peak).toBe(3)
  })

  it('gives up on jobs that stay IN_PROGRESS once nothing has finished for the rolling timeout', async () => {
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).callsFake(jobOf)
    iamMock.on(GetServiceLastAccessedDetailsCommand).callsFake((input) => (input.JobId === 'job-r1' ? completed('s3') : inProgress))
    const clock = fakeClock()
    const start = clock.millis()
    const result = await collectServiceUsage(iam, [arn(1), arn(2), arn(3)], { clock, concurrency: 4, pollMs: 1000, idleTimeoutMs: 10_000 })
    expect([...result.usage.keys()]).toEqual([arn(1)])
    expect(result.timedOut).toEqual([arn(2), arn(3)])
    expect(clock.millis() - start).toBe(10_000)
  })

  it('retries a throttled poll in the next round, and pages through long answers', async () => {
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).callsFake(jobOf)
    iamMock
      .on(GetServiceLastAccessedDetailsCommand)
      .rejectsOnce(throttling())
      .resolvesOnce({ ...completed('s3'), IsTruncated: true, Marker: 'next' })
      .resolves(completed('ec2'))
    const result = await collectServiceUsage(iam, [arn(1)], { clock: fakeClock(), concurrency: 1 })
    expect(result.usage.get(arn(1))!.map((s) => s.namespace)).toEqual(['s3', 'ec2'])
    expect(iamMock.commandCalls(GetServiceLastAccessedDetailsCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, undefined, 'next'])
  })

  it('fails fast when the first job cannot be started (API missing or denied), and records later per-role failures', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: {} })
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).rejects(denied)
    await expect(collectServiceUsage(iam, [arn(1), arn(2)], { clock: fakeClock(), concurrency: 2 })).rejects.toBe(denied)
    expect(iamMock.commandCalls(GenerateServiceLastAccessedDetailsCommand)).toHaveLength(1)

    iamMock.reset()
    iamMock.on(GenerateServiceLastAccessedDetailsCommand, { Arn: arn(2) }).rejects(Object.assign(new Error('gone'), { name: 'NoSuchEntity', $metadata: {} }))
    iamMock.on(GenerateServiceLastAccessedDetailsCommand, { Arn: arn(1) }).resolves({ JobId: 'job-r1' })
    iamMock.on(GetServiceLastAccessedDetailsCommand).resolves({ JobStatus: 'FAILED', JobCreationDate: new Date(), JobCompletionDate: new Date(), ServicesLastAccessed: [], Error: { Code: 'x', Message: 'internal' } })
    const result = await collectServiceUsage(iam, [arn(1), arn(2)], { clock: fakeClock(), concurrency: 2 })
    expect(result.failed).toEqual([
      { arn: arn(2), reason: 'NoSuchEntity' },
      { arn: arn(1), reason: 'internal' },
    ])
  })
})
