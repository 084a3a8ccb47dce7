import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  LimitExceededException,
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'

import { collectCredentialReport } from '../../../../src/audit/collect/credential-report.js'
import { fakeClock } from '../../../support/fake-clock.js'

const iamMock = mockClient(IAMClient)
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' } })
const CSV = 'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_2_active\nalice,arn:aws:iam::123456789012:user/alice,2024-01-01T00:00:00+00:00,false,false,false,false\n'
const GENERATED = new Date('2026-11-22T09:30:00Z')
const content = { Content: new TextEncoder().encode(CSV), ReportFormat: 'text/csv' as const, GeneratedTime: GENERATED }
const meta = { $metadata: {} }

afterEach(() => iamMock.reset())

describe('collectCredentialReport', () => {
  it('reuses a report IAM already holds (COMPLETE at once): one Generate, one Get, no wait', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves(content)
    const clock = fakeClock()
    const report = await collectCredentialReport(iam, { clock })
    expect(report).toMatchObject({ generatedTime: GENERATED, entries: [{ user: 'alice' }] })
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1)
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('polls STARTED → INPROGRESS → COMPLETE with growing waits', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves(content)
    const clock = fakeClock()
    await collectCredentialReport(iam, { clock, pollMs: 500 })
    expect(clock.sleeps).toEqual([500, 1000])
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(1)
  })

  it('waits and asks again on LimitExceeded, ReportInProgress and ReportExpired', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(new LimitExceededException({ message: 'too many', ...meta }))
      .resolves({ State: 'COMPLETE' })
    iamMock
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'ReportInProgress', ...meta }))
      .rejectsOnce(new CredentialReportExpiredException({ message: 'ReportExpired', ...meta }))
      .resolves(content)
    const clock = fakeClock()
    const report = await collectCredentialReport(iam, { clock, pollMs: 100 })
    expect(report.entries).toHaveLength(1)
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(4)
    expect(clock.sleeps).toEqual([100, 200, 400])
  })

  it('gives up with a clear error when the report never completes', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' })
    const clock = fakeClock()
    const start = clock.millis()
    await expect(collectCredentialReport(iam, { clock, timeoutMs: 60_000 })).rejects.toThrow(/not ready after 60 s/)
    expect(clock.millis() - start).toBeLessThanOrEqual(60_000)
    expect(clock.sleeps.length).toBeGreaterThan(3)
  })

  it('lets other failures through (the caller turns them into warnings)', async () => {
    const denied = Object.assign(new Error('not authorized to perform iam:GenerateCredentialReport'), { name: 'AccessDenied', $metadata: {} })
    iamMock.on(GenerateCredentialReportCommand).rejects(denied)
    await expect(collectCredentialReport(iam, { clock: fakeClock() })).rejects.toBe(denied)
  })
})
