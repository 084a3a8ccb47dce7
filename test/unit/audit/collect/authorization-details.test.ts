import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'

import { collectAuthorizationDetails } from '../../../../src/audit/collect/authorization-details.js'

const iamMock = mockClient(IAMClient)
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' } })
afterEach(() => iamMock.reset())

describe('collectAuthorizationDetails', () => {
  it('follows Marker while IsTruncated, 1000 items a page, and maps every entity', async () => {
    const created = new Date('2026-01-01T00:00:00Z')
    iamMock
      .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
      .resolves({
        IsTruncated: true,
        Marker: 'm1',
        UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::1:user/alice', Path: '/', CreateDate: created, GroupList: ['ops'], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%7D' }] }],
      })
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'm1' })
      .resolves({
        IsTruncated: true,
        Marker: 'm2',
        RoleDetailList: [
          {
            RoleName: 'app',
            Arn: 'arn:aws:iam::1:role/app',
            Path: '/',
            CreateDate: created,
            RoleLastUsed: { LastUsedDate: new Date('2026-11-01T00:00:00Z') },
            AssumeRolePolicyDocument: '%7B%22Statement%22%3A%5B%5D%7D',
            AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
          },
        ],
        GroupDetailList: [{ GroupName: 'ops', Arn: 'arn:aws:iam::1:group/ops', Path: '/' }],
      })
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'm2' })
      .resolves({
        IsTruncated: false,
        Policies: [
          {
            PolicyName: 'custom',
            Arn: 'arn:aws:iam::1:policy/custom',
            AttachmentCount: 0,
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: 'old' },
              { VersionId: 'v2', IsDefaultVersion: true, Document: 'current' },
            ],
          },
          { PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', AttachmentCount: 1 },
        ],
      })
    const pages: number[] = []
    const details = await collectAuthorizationDetails(iam, (n) => pages.push(n))
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxItems: 1000, Marker: undefined },
      { MaxItems: 1000, Marker: 'm1' },
      { MaxItems: 1000, Marker: 'm2' },
    ])
    expect(pages).toEqual([1, 2, 3])
    expect(details.users).toEqual([{ name: 'alice', arn: 'arn:aws:iam::1:user/alice', path: '/', createdAt: created, inlinePolicies: [{ name: 'p', document: '%7B%7D' }], attachedPolicies: [], groups: ['ops'] }])
    expect(details.roles[0]).toMatchObject({ name: 'app', lastUsed: new Date('2026-11-01T00:00:00Z'), trustPolicy: '%7B%22Statement%22%3A%5B%5D%7D', attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })
    expect(details.groups.map((g) => g.name)).toEqual(['ops'])
    expect(details.policies).toMatchObject([
      { name: 'custom', awsManaged: false, attachmentCount: 0, document: 'current' },
      { name: 'AdministratorAccess', awsManaged: true, document: undefined },
    ])
  })
})
