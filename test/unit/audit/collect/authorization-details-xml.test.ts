import { GetAccountAuthorizationDetailsCommand, type IAMClient } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'

import { collectAuthorizationDetails } from '../../../../src/audit/collect/authorization-details.js'
import { AuthorizationDetailsReader, splitAuthorizationDetails } from '../../../../src/audit/collect/authorization-details-xml.js'
import { streamAnswersInto } from '../../../../src/aws/body-sink.js'
import { chunkedIamClient } from '../../../support/chunked-iam-client.js'

// An answer shaped as IAM sends it (indented, entities, empty lists, a boundary, last use, policy
// versions, CRLF inside a document, CDATA, a comment), one per Filter.
const USERS = `<?xml version="1.0" encoding="UTF-8"?>
<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetAccountAuthorizationDetailsResult>
    <IsTruncated>false</IsTruncated>
    <UserDetailList>
      <member>
        <Path>/people/</Path>
        <UserName>alice</UserName>
        <UserId>AIDA1</UserId>
        <Arn>arn:aws:iam::123456789012:user/people/alice</Arn>
        <CreateDate>2026-05-15T10:49:42.410552Z</CreateDate>
        <UserPolicyList>
          <member>
            <PolicyName>self &amp; keys</PolicyName>
            <PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</PolicyDocument>
          </member>
        </UserPolicyList>
        <GroupList>
          <member>ops</member>
          <member>dev&#45;team</member>
        </GroupList>
        <AttachedManagedPolicies/>
        <PermissionsBoundary>
          <PermissionsBoundaryType>Policy</PermissionsBoundaryType>
          <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/cap</PermissionsBoundaryArn>
        </PermissionsBoundary>
        <Tags/>
      </member>
      <!-- a comment between members -->
      <member>
        <Path>/</Path>
        <UserName>bob</UserName>
        <Arn>arn:aws:iam::123456789012:user/bob</Arn>
        <CreateDate>2026-01-01T00:00:00Z</CreateDate>
        <GroupList><member>ops</member></GroupList>
      </member>
    </UserDetailList>
    <GroupDetailList/>
    <RoleDetailList/>
    <Policies/>
  </GetAccountAuthorizationDetailsResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</GetAccountAuthorizationDetailsResponse>`

const ROLES = `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>true</IsTruncated><Marker>next&lt;1&gt;</Marker><UserDetailList/><GroupDetailList/><RoleDetailList><member><Path>/</Path><RoleName>app</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/app</Arn><CreateDate>2025-12-31T23:59:59.9996Z</CreateDate><AssumeRolePolicyDocument>{&quot;Statement&quot;: [{&quot;Effect&quot;: &quot;Allow&quot;,\r\n &quot;Action&quot;: &quot;sts:AssumeRole&quot;}]}</AssumeRolePolicyDocument><InstanceProfileList><member><InstanceProfileName>ip</InstanceProfileName><Roles><member><RoleName>app</RoleName></member></Roles></member></InstanceProfileList><RolePolicyList><member><PolicyName>inline</PolicyName><PolicyDocument><![CDATA[%7B%7D]]></PolicyDocument></member></RolePolicyList><AttachedManagedPolicies><member><PolicyName>AdministratorAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AdministratorAccess</PolicyArn></member></AttachedManagedPolicies><RoleLastUsed><LastUsedDate>2026-11-01T08:00:00+02:00</LastUsedDate><Region>eu-west-1</Region></RoleLastUsed></member><member><Path>/</Path><RoleName>idle</RoleName><Arn>arn:aws:iam::123456789012:role/idle</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>x</AssumeRolePolicyDocument><RoleLastUsed/></member></RoleDetailList><Policies/></GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`

const ROLES_NEXT = `<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList><member><Path>/</Path><RoleName>late</RoleName><Arn>arn:aws:iam::123456789012:role/late</Arn><CreateDate>2026-02-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>y</AssumeRolePolicyDocument></member></RoleDetailList><Policies/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`

const GROUPS = `<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList><member><Path>/</Path><GroupName>ops</GroupName><GroupId>AGPA1</GroupId><Arn>arn:aws:iam::123456789012:group/ops</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><GroupPolicyList><member><PolicyName>observe</PolicyName><PolicyDocument>%7B%7D</PolicyDocument></member></GroupPolicyList><AttachedManagedPolicies><member><PolicyName>cap</PolicyName><PolicyArn>arn:aws:iam::123456789012:policy/cap</PolicyArn></member></AttachedManagedPolicies></member></GroupDetailList><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`

const POLICIES = `<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList/><Policies><member><PolicyName>cap</PolicyName><PolicyId>ANPA1</PolicyId><Arn>arn:aws:iam::123456789012:policy/cap</Arn><Path>/</Path><DefaultVersionId>v2</DefaultVersionId><AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>1</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable><CreateDate>2026-01-01T00:00:00Z</CreateDate><UpdateDate>2026-03-01T00:00:00Z</UpdateDate><PolicyVersionList><member><Document>old</Document><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion><CreateDate>2026-01-01T00:00:00Z</CreateDate></member><member><Document>%7B%22Statement%22%3A%5B%5D%7D</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2026-03-01T00:00:00Z</CreateDate></member></PolicyVersionList></member></Policies></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`

const EMPTY = `<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`

/**
 * A client whose "network" answers each Filter (and Marker) with the XML above, in chunks of
 * `chunk` bytes, with iamkit's answer check (which streams the answers into the reader).
 */
function clientAnswering(answers: Record<string, string>, chunk = 1 << 20): IAMClient {
  return chunkedIamClient((params) => answers[`${params.get('Filter.member.1')}${params.get('Marker') ? `@${params.get('Marker')}` : ''}`] ?? EMPTY, chunk)
}

const ANSWERS = { User: USERS, Role: ROLES, 'Role@next<1>': ROLES_NEXT, Group: GROUPS, LocalManagedPolicy: POLICIES }

describe('GetAccountAuthorizationDetails read from the bytes', () => {
  it.each([1 << 20, 7, 1])("gives exactly what the SDK's own reader gives, for every field the audit reads (answers arriving %i bytes at a time)", async (chunk) => {
    const client = clientAnswering(ANSWERS, chunk)
    const fromBytes = await collectAuthorizationDetails(client)
    // The reference: the SDK parses the same answers (the command sent without iamkit's reader), handed over as a mocked client would.
    const sdkAnswers = new Map<string, unknown>()
    for (const key of Object.keys(ANSWERS)) {
      const [filter, marker] = key.split('@') as [string, string | undefined]
      sdkAnswers.set(key, await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: [filter as 'User'], MaxItems: 1000, Marker: marker })))
    }
    const bySdk = await collectAuthorizationDetails({
      send: async (command: GetAccountAuthorizationDetailsCommand) => {
        const key = `${command.input.Filter![0]}${command.input.Marker ? `@${command.input.Marker}` : ''}`
        return sdkAnswers.get(key) ?? (await client.send(new GetAccountAuthorizationDetailsCommand(command.input)))
      },
    } as unknown as IAMClient)
    expect(fromBytes).toEqual(bySdk)
    expect(fromBytes.users.map((u) => u.name)).toEqual(['bob', 'alice'])
    expect(fromBytes.roles.map((r) => r.name)).toEqual(['app', 'idle', 'late'])
    const alice = fromBytes.users.find((u) => u.name === 'alice')!
    expect(alice).toMatchObject({ path: '/people/', groups: ['ops', 'dev-team'], permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/cap', inlinePolicies: [{ name: 'self & keys' }] })
    expect(alice.createdAt!.toISOString()).toBe('2026-05-15T10:49:42.411Z')
    const app = fromBytes.roles.find((r) => r.name === 'app')!
    expect(app.trustPolicy).toBe('{"Statement": [{"Effect": "Allow",\n "Action": "sts:AssumeRole"}]}')
    expect(app.lastUsed!.toISOString()).toBe('2026-11-01T06:00:00.000Z')
    expect(app.inlinePolicies).toEqual([{ name: 'inline', document: '%7B%7D' }])
    expect(fromBytes.policies[0]).toMatchObject({ name: 'cap', attachmentCount: 2, document: '%7B%22Statement%22%3A%5B%5D%7D' })
  })

  it('hands the SDK the rest of the answer: the Marker, IsTruncated and request id it reads from there', () => {
    const { lists, rest } = splitAuthorizationDetails(Buffer.from(ROLES))
    expect(lists.RoleDetailList).toHaveLength(2)
    const text = Buffer.from(rest).toString()
    expect(text).toContain('<RoleDetailList></RoleDetailList>')
    expect(text).toContain('<Marker>next&lt;1&gt;</Marker>')
    expect(text).toContain('<RequestId>req-2</RequestId>')
    expect(text).not.toContain('AROA1')
  })

  it('refuses XML it cannot read instead of returning a shorter list', () => {
    const broken = [
      ROLES.replace('</RoleName>', '</RoleNam>'),
      ROLES.slice(0, ROLES.length / 2),
      ROLES.replace('<member><Path>/</Path><RoleName>idle', '<item><Path>/</Path><RoleName>idle').replace('<RoleLastUsed/></member>', '<RoleLastUsed/></item>'),
      ROLES.replace('2026-01-01T00:00:00Z', 'yesterday'),
      POLICIES.replace('<AttachmentCount>2<', '<AttachmentCount>two<'),
    ]
    for (const xml of broken) expect(() => splitAuthorizationDetails(Buffer.from(xml))).toThrow()
  })
})

describe('GetAccountAuthorizationDetails streamed through the answer check', () => {
  const send = async (client: IAMClient) => {
    const taken: string[] = []
    const command = new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000 })
    streamAnswersInto(command, () => new AuthorizationDetailsReader((list, entity) => taken.push(`${list}:${(entity as { Arn?: string }).Arn}`)))
    const output = await client.send(command)
    return { output, taken }
  }

  it('hands every entity to the reader as it arrives; the SDK reads only the rest', async () => {
    const { output, taken } = await send(clientAnswering({ Role: ROLES }, 5))
    expect(taken).toEqual(['RoleDetailList:arn:aws:iam::123456789012:role/app', 'RoleDetailList:arn:aws:iam::123456789012:role/idle'])
    expect(output.RoleDetailList ?? []).toEqual([])
    expect(output).toMatchObject({ IsTruncated: true, Marker: 'next<1>' })
  })

  it('still refuses an answer that is not AWS\'s, and a body cut short, instead of returning fewer entities', async () => {
    const html = `<!DOCTYPE html><html><head><title>Portal</title></head><body>${'x'.repeat(100_000)}</body></html>`
    await expect(send(clientAnswering({ Role: html }, 4096))).rejects.toThrow(/HTML page titled "Portal"/)
    await expect(send(clientAnswering({ Role: ROLES.slice(0, 900) }, 64))).rejects.toThrow(/cannot read: missing closing tag/)
    await expect(send(clientAnswering({ Role: ROLES.replace('</RoleName>', '</RoleNam>') }, 3))).rejects.toThrow(/mismatched tags/)
  })
})

describe('AuthorizationDetailsReader', () => {
  it('reads the same, whatever the chunks', () => {
    const whole = splitAuthorizationDetails(Buffer.from(USERS + ''))
    for (const size of [1, 2, 3, 9, 64, 1000]) {
      const users: unknown[] = []
      const reader = new AuthorizationDetailsReader((_, entity) => users.push(entity))
      const bytes = Buffer.from(USERS)
      for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size))
      expect(Buffer.from(reader.end()).toString()).toBe(Buffer.from(whole.rest).toString())
      expect(users).toEqual(whole.lists.UserDetailList)
    }
  })

  it('refuses what the SDK would read as a shorter list: text or other elements among the members, a second root, content after the root', () => {
    const broken = [
      ROLES.replace('<RoleDetailList>', '<RoleDetailList>stray'),
      ROLES.replace('<RoleDetailList>', '<RoleDetailList><item/>'),
      `${EMPTY}<GetAccountAuthorizationDetailsResponse/>`,
      `${EMPTY}trailing`,
      '',
      '<!-- only a comment -->',
    ]
    for (const xml of broken) expect(() => splitAuthorizationDetails(Buffer.from(xml)), xml.slice(0, 80)).toThrow(/cannot read/)
  })
})
