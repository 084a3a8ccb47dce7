import { GenerateCredentialReportCommand, GenerateServiceLastAccessedDetailsCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'

import { collectAccount } from '../../../../src/audit/collect/collect-account.js'
import { AwsClients } from '../../../../src/aws/clients.js'
import { SwitchableCredentials } from '../../../../src/aws/switchable-credentials.js'
import { fakeClock } from '../../../support/fake-clock.js'

const iamMock = mockClient(IAMClient)
const stsMock = mockClient(STSClient)
afterEach(() => {
  iamMock.reset()
  stsMock.reset()
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

  it('fails when nothing could be read, rather than report a clean account', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(denied('sts:GetCallerIdentity'))
    iamMock.on(GenerateCredentialReportCommand).rejects(denied('iam:GenerateCredentialReport'))
    const authorization = denied('iam:GetAccountAuthorizationDetails')
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(authorization)
    await expect(collectAccount(clients(), { settings, serviceUsage: true, concurrency: 2, clock: fakeClock() })).rejects.toBe(authorization)
  })
})
