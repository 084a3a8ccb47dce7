import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { assumeAccountRole, memberRoleArn } from '../../../../src/audit/org/assume-account.js'
import { FakeClock } from '../../../support/fake-clock.js'

const HOUR = 3_600_000
const sts = mockClient(STSClient)
let clock: FakeClock
let issued: number

/** Each AssumeRole answers a new session (ASIAFAKE1, ASIAFAKE2, …) that lasts an hour from the fake now. */
function answerSessions(): void {
  sts.on(AssumeRoleCommand).callsFake(async () => {
    issued++
    return { Credentials: { AccessKeyId: `ASIAFAKE${issued}`, SecretAccessKey: `fake-secret-${issued}`, SessionToken: `fake-token-${issued}`, Expiration: new Date(clock.millis() + HOUR) } }
  })
}

const options = () => ({ roleName: 'OrganizationAccountAccessRole', partition: 'aws', clock })

beforeEach(() => {
  sts.reset()
  clock = new FakeClock()
  issued = 0
  answerSessions()
})

describe('member-account sessions of an organization audit', () => {
  it('assume the role once, and again 5 minutes before the hour is up, not before', async () => {
    const credentials = await assumeAccountRole(new STSClient({ region: 'us-east-1' }), '210987654321', options())
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE1')
    clock.advance(54 * 60_000)
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE1')
    clock.advance(2 * 60_000) // 56 minutes in: 4 minutes left
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE2')
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
    // The renewed session counts from its own start: a three-hour audit assumes four times.
    clock.advance(HOUR)
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE3')
    clock.advance(HOUR)
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE4')
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual(
      Array(4).fill({ RoleArn: 'arn:aws:iam::210987654321:role/OrganizationAccountAccessRole', RoleSessionName: 'iamkit-audit', DurationSeconds: 3600 }),
    )
  })

  it('renew once when many requests find the session expiring at the same time', async () => {
    const credentials = await assumeAccountRole(new STSClient({ region: 'us-east-1' }), '210987654321', options())
    clock.advance(58 * 60_000)
    const keys = await Promise.all(Array.from({ length: 20 }, () => credentials.provider()))
    expect(new Set(keys.map((k) => k.accessKeyId))).toEqual(new Set(['ASIAFAKE2']))
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
  })

  it('keep a still-valid session when renewing fails, and fail once it has expired', async () => {
    const credentials = await assumeAccountRole(new STSClient({ region: 'us-east-1' }), '210987654321', options())
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
    clock.advance(57 * 60_000)
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE1')
    clock.advance(3 * 60_000)
    await expect(credentials.provider()).rejects.toThrow('Rate exceeded')
    answerSessions()
    expect((await credentials.provider()).accessKeyId).toBe('ASIAFAKE2')
  })

  it('name the role in the partition given (from the caller identity)', () => {
    expect(memberRoleArn('210987654321', { roleName: '/audit/Reader', partition: 'aws-cn' })).toBe('arn:aws-cn:iam::210987654321:role/audit/Reader')
    expect(memberRoleArn('210987654321', { roleName: 'Reader', partition: 'aws-us-gov' })).toBe('arn:aws-us-gov:iam::210987654321:role/Reader')
  })
})

describe('an SDK client on a member session', () => {
  let server: Server
  let endpoint: string
  const signedWith: string[] = []
  beforeAll(async () => {
    // A loopback IAM that answers ListAccountAliases and records the key each request is signed with.
    // It does not check signatures; it proves only which credentials the client used.
    server = createServer((req, res) => {
      signedWith.push(/Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? 'unsigned')
      req.resume()
      res.writeHead(200, { 'content-type': 'text/xml' })
      res.end('<ListAccountAliasesResponse><ListAccountAliasesResult><AccountAliases/><IsTruncated>false</IsTruncated></ListAccountAliasesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListAccountAliasesResponse>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('signs a request after the renewal with the new session, without a new client', async () => {
    const credentials = await assumeAccountRole(new STSClient({ region: 'us-east-1' }), '210987654321', options())
    const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: credentials.provider })
    await iam.send(new ListAccountAliasesCommand({}))
    clock.advance(HOUR - 60_000)
    await iam.send(new ListAccountAliasesCommand({}))
    iam.destroy()
    expect(signedWith).toEqual(['ASIAFAKE1', 'ASIAFAKE2'])
  })
})
