import { readdir } from 'node:fs/promises'
import { dirname } from 'node:path'

import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { WORKFLOW_CALLS } from '../../src/aws/workflow-calls.js'
import { credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()

/** createUser with a policy: CreateUser, CreateAccessKey, PutUserPolicy. Every later call is checked. */
const SETUP_CALLS = 3

/** What `policy user --self-service` grants for rotate. moto checks actions only, not Resource or Condition. */
const rotatePolicy = (actions: readonly string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...actions], Resource: '*' }] })

const OTHER_PROFILES = `
; kept byte for byte
[ci]
aws_access_key_id = AKIAFAKECI0000000001
aws_secret_access_key = ci-secret-FAKE-0000000000000000000001
region = eu-central-1
`

describe.skipIf(skip)(`rotate against moto enforcing IAM policies${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let sandbox: Sandbox

  beforeAll(async () => {
    moto = await startMoto({ initialNoAuthActionCount: SETUP_CALLS })
    account = new MotoAccount(moto.endpoint)
  })
  afterAll(async () => {
    account?.destroy()
    await moto?.stop()
  })
  beforeEach(async () => {
    await moto.reset()
    await moto.resetAuth(SETUP_CALLS)
    sandbox = await Sandbox.create(moto.endpoint)
    return () => sandbox.dispose()
  })

  async function seed(actions: readonly string[]): Promise<{ alice: SeededUser; before: string }> {
    const alice = await account.createUser('alice', { path: '/engineering/', policy: rotatePolicy(actions) })
    const before = `# work laptop\n${credentialsSection('default', alice)}region = us-east-1\n${OTHER_PROFILES}`
    await sandbox.writeCredentials(before)
    return { alice, before }
  }

  function keysOf(credentials: { accessKeyId: string; secretAccessKey: string }) {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials, maxAttempts: 1 })
    return iam.send(new ListAccessKeysCommand({ UserName: 'alice' })).finally(() => iam.destroy())
  }

  it('rotates with exactly the rotate permissions: the old key is rejected, the new one works, the rest of the file is untouched', async () => {
    const { alice, before } = await seed(WORKFLOW_CALLS.rotate)
    const run = await sandbox.iamkit(['rotate', 'default', '--json'])
    expect(run.stderr).not.toContain(alice.secretAccessKey)
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toEqual({ profile: 'default', user: 'alice', oldAccessKeyId: alice.accessKeyId, newAccessKeyId: expect.stringMatching(/^AKIA/), oldKey: 'deleted', rotated: true })

    const after = await sandbox.readCredentials()
    const secret = /aws_secret_access_key = (\S+)/.exec(after)![1]!
    expect(after).toBe(before.replace(alice.accessKeyId, result.newAccessKeyId).replace(alice.secretAccessKey, secret))

    const viaFile = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'])
    expect(viaFile.code).toBe(0)
    expect(JSON.parse(viaFile.stdout).Arn).toBe('arn:aws:iam::123456789012:user/engineering/alice')
    const viaOldKey = await sandbox.aws(['sts', 'get-caller-identity'], { env: { AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey } })
    expect(viaOldKey.code).not.toBe(0)
    expect(viaOldKey.stderr).toContain('InvalidClientTokenId')

    const keys = await keysOf({ accessKeyId: result.newAccessKeyId, secretAccessKey: secret })
    expect(keys.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([[result.newAccessKeyId, 'Active']])
    expect((await readdir(dirname(sandbox.credentialsPath))).filter((f) => f.includes('iamkit-rotate'))).toEqual([])
  })

  it('without iam:CreateAccessKey: names the permission, points at the policy, changes nothing', async () => {
    const { alice, before } = await seed(WORKFLOW_CALLS.rotate.filter((c) => c !== 'iam:CreateAccessKey'))
    const run = await sandbox.iamkit(['rotate', 'default'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^iamkit: iam:CreateAccessKey was denied: IAM user alice needs permission for iam:CreateAccessKey on itself.*"iamkit policy user --self-service"/m)
    expect(await sandbox.readCredentials()).toBe(before)
    const keys = await keysOf(alice)
    expect(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([alice.accessKeyId])
    expect((await readdir(dirname(sandbox.credentialsPath))).filter((f) => f.includes('iamkit-rotate'))).toEqual([])
  })
})
