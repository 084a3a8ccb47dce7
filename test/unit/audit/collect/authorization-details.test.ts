import { type EntityType, GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'

import { collectAuthorizationDetails } from '../../../../src/audit/collect/authorization-details.js'

const iamMock = mockClient(IAMClient)
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' } })
afterEach(() => iamMock.reset())

describe('collectAuthorizationDetails', () => {
  it('reads one Filter after the other, smallest kinds first, each following its own Marker while IsTruncated, 1000 items a page, and maps every entity', async () => {
    const created = new Date('2026-01-01T00:00:00Z')
    const page = (filter: EntityType, marker?: string) => ({ Filter: [filter], MaxItems: 1000, Marker: marker })
    iamMock
      .on(GetAccountAuthorizationDetailsCommand, page('User'))
      .resolves({
        IsTruncated: true,
        Marker: 'u1',
        UserDetailList: [{ UserName: 'bob', Arn: 'arn:aws:iam::1:user/bob', Path: '/', CreateDate: created }],
      })
      .on(GetAccountAuthorizationDetailsCommand, page('User', 'u1'))
      .resolves({
        IsTruncated: false,
        UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::1:user/alice', Path: '/', CreateDate: created, GroupList: ['ops'], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%7D' }] }],
      })
      .on(GetAccountAuthorizationDetailsCommand, page('Role'))
      .resolves({
        IsTruncated: false,
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
      })
      .on(GetAccountAuthorizationDetailsCommand, page('Group'))
      .resolves({ IsTruncated: false, GroupDetailList: [{ GroupName: 'ops', Arn: 'arn:aws:iam::1:group/ops', Path: '/' }] })
      .on(GetAccountAuthorizationDetailsCommand, page('LocalManagedPolicy'))
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
        ],
      })
      .on(GetAccountAuthorizationDetailsCommand, page('AWSManagedPolicy'))
      .resolves({ IsTruncated: false, Policies: [{ PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', AttachmentCount: 1 }] })
    const pages: number[] = []
    const details = await collectAuthorizationDetails(iam, (n) => pages.push(n))
    const inputs = iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input)
    expect(inputs).toHaveLength(6)
    // In order, and a kind's second page before the next kind's first: one after the other.
    expect(inputs).toEqual([page('LocalManagedPolicy'), page('AWSManagedPolicy'), page('Group'), page('User'), page('User', 'u1'), page('Role')])
    expect(pages).toEqual([1, 2, 3, 4, 5, 6])
    expect(details.users.map((u) => u.name)).toEqual(['alice', 'bob'])
    expect(details.users[0]).toEqual({ name: 'alice', arn: 'arn:aws:iam::1:user/alice', path: '/', createdAt: created, inlinePolicies: [{ name: 'p', document: '%7B%7D' }], attachedPolicies: [], groups: ['ops'] })
    expect(details.roles[0]).toMatchObject({ name: 'app', lastUsed: new Date('2026-11-01T00:00:00Z'), trustPolicy: '%7B%22Statement%22%3A%5B%5D%7D', attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })
    expect(details.groups.map((g) => g.name)).toEqual(['ops'])
    expect(details.policies).toMatchObject([
      { name: 'custom', awsManaged: false, attachmentCount: 0, document: 'current' },
      { name: 'AdministratorAccess', awsManaged: true, document: undefined },
    ])
  })

  it('fails rather than stop early when a page says it is truncated but gives no Marker', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false })
    iamMock.on(GetAccountAuthorizationDetailsCommand, { Filter: ['Role'] }).resolves({ IsTruncated: true })
    await expect(collectAuthorizationDetails(iam)).rejects.toThrow(/\(Role\) said the list goes on but gave no Marker/)
  })
})
