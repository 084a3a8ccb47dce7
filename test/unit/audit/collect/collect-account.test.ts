import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer'
import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { collectAccount } from '../../../../src/audit/collect/collect-account.js'
import { AwsClients } from '../../../../src/aws/clients.js'
import { SwitchableCredentials } from '../../../../src/aws/switchable-credentials.js'
import { fakeClock } from '../../../support/fake-clock.js'

const iamMock = mockClient(IAMClient)
const stsMock = mockClient(STSClient)
// moto has no Access Analyzer; every test answers it here so nothing reaches a real endpoint.
const analyzerMock = mockClient(AccessAnalyzerClient)
beforeEach(() => {
  iamMock.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } })
  iamMock.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [] })
  iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] })
  analyzerMock.on(ListAnalyzersCommand).resolves({ analyzers: [] })
})
afterEach(() => {
  iamMock.reset()
  stsMock.reset()
  analyzerMock.reset()
})

const clients = () => new AwsClients({ credentials: new SwitchableCredentials({ accessKeyId: 'AKIAFAKE0000', secretAccessKey: 'x' }) })
const denied = (operation: string) => Object.assign(new Error(`User is not authorized to perform: ${operation}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 }, $operation: operation })
const settings = { now: new Date('2026-11-22T12:00:00Z'), unusedDays: 90, includeServiceRoles: false }
const CSV = new TextEncoder().encode('user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n')

describe('collectAccount', () => {
  it('turns an AccessDenied collector into a warning and a missing source, and collects the rest', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/auditor' })
    iamMock.on(GenerateCredentialReportCommand).rejects(denied('iam:GenerateCredentialReport'))
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false, RoleDetailList: [] })
    const collected = await collectAccount(clients(), { settings, serviceUsage: false, concurrency: 2, clock: fakeClock() })
    expect(collected.account).toBe('123456789012')
    expect(collected.partition).toBe('aws')
    expect(collected.sources.authorization).toEqual({ users: [], groups: [], roles: [], policies: [] })
    expect(collected.sources.credentialReport).toBeUndefined()
    expect(collected.unavailable).toEqual({
      credentialReport: 'credential report: iam:GenerateCredentialReport was denied: the credentials need permission for iam:GenerateCredentialReport',
      serviceUsage: 'not collected (--no-service-usage)',
    })
    expect(collected.warnings).toEqual([collected.unavailable.credentialReport])
  })

  it('warns and skips service usage when the API is missing, keeping the other sources', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(denied('sts:GetCallerIdentity'))
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves({ Content: CSV })
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [{ RoleName: 'old', Arn: 'arn:aws:iam::210987654321:role/old', Path: '/', CreateDate: new Date('2025-01-01T00:00:00Z'), RoleId: 'x' }] })
    const missing = Object.assign(new Error('Unknown'), { $metadata: { httpStatusCode: 500 }, $operation: 'iam:GenerateServiceLastAccessedDetails' })
    iamMock.on(GenerateServiceLastAccessedDetailsCommand).rejects(missing)
    const collected = await collectAccount(clients(), { settings, serviceUsage: true, concurrency: 2, clock: fakeClock() })
    expect(collected.account).toBe('210987654321')
    expect(collected.sources.credentialReport).toBeDefined()
    expect(collected.unavailable).toEqual({ serviceUsage: 'service last-accessed data: iam:GenerateServiceLastAccessedDetails is not supported here (HTTP 500)' })
    expect(collected.warnings).toEqual([expect.stringMatching(/^caller identity: /), collected.unavailable.serviceUsage])
  })

  it("takes the partition from the caller's ARN, or else from the account's own ARNs", async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws-us-gov:iam::123456789012:user/auditor' })
    iamMock.on(GenerateCredentialReportCommand).rejects(denied('iam:GenerateCredentialReport'))
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [{ RoleName: 'old', Arn: 'arn:aws-cn:iam::210987654321:role/old', Path: '/', CreateDate: new Date('2025-01-01T00:00:00Z'), RoleId: 'x' }] })
    expect((await collectAccount(clients(), { settings, serviceUsage: false, concurrency: 2, clock: fakeClock() })).partition).toBe('aws-us-gov')
    stsMock.on(GetCallerIdentityCommand).rejects(denied('sts:GetCallerIdentity'))
    expect((await collectAccount(clients(), { settings, serviceUsage: false, concurrency: 2, clock: fakeClock() })).partition).toBe('aws-cn')
  })

  it('fails when nothing could be read, rather than report a clean account', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(denied('sts:GetCallerIdentity'))
    iamMock.on(GenerateCredentialReportCommand).rejects(denied('iam:GenerateCredentialReport'))
    const authorization = denied('iam:GetAccountAuthorizationDetails')
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(authorization)
    await expect(collectAccount(clients(), { settings, serviceUsage: true, concurrency: 2, clock: fakeClock() })).rejects.toBe(authorization)
  })

  it('collects the account settings with one call each (Access Analyzer once per region), each failing soft', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/auditor' })
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves({ Content: CSV })
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false })
    iamMock.on(GetAccountPasswordPolicyCommand).rejects(new NoSuchEntityException({ message: 'no policy', $metadata: {} }))
    iamMock.on(ListServerCertificatesCommand).rejects(denied('iam:ListServerCertificates'))
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', User: { Arn: 'arn:aws:iam::123456789012:root' } as never }] })
    analyzerMock.on(ListAnalyzersCommand).resolves({ analyzers: [{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE', arn: 'a', createdAt: new Date() }, { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', arn: 'b', createdAt: new Date() }] })
    const collected = await collectAccount(clients(), { settings, serviceUsage: false, concurrency: 2, regions: ['us-east-1', 'eu-west-1'], clock: fakeClock() })
    expect(collected.sources.passwordPolicy).toBeNull()
    expect(collected.sources.virtualMfaDevices).toEqual([{ serial: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', userArn: 'arn:aws:iam::123456789012:root' }])
    expect(collected.sources.accessAnalyzers).toEqual(['us-east-1', 'eu-west-1'].map((region) => ({ region, analyzers: [{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE' }] })))
    expect(analyzerMock.commandCalls(ListAnalyzersCommand)).toHaveLength(2)
    expect(iamMock.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(1)
    expect(collected.sources.serverCertificates).toBeUndefined()
    expect(collected.unavailable.serverCertificates).toMatch(/^server certificates: iam:ListServerCertificates was denied/)
    expect(collected.warnings).toContain(collected.unavailable.serverCertificates)
  })

  it('fails the Access Analyzer source when one region cannot be read or the answer has no list', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/auditor' })
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false })
    analyzerMock.on(ListAnalyzersCommand).resolves({} as never)
    const collected = await collectAccount(clients(), { settings, serviceUsage: false, concurrency: 2, regions: ['us-east-1'], clock: fakeClock() })
    expect(collected.sources.accessAnalyzers).toBeUndefined()
    expect(collected.unavailable.accessAnalyzers).toBe('Access Analyzer (us-east-1): accessanalyzer:ListAnalyzers in us-east-1 answered without an analyzer list')
  })
})
