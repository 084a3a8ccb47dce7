import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()

describe.skipIf(skip)(`credentials workflow against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let sandbox: Sandbox
  let alice: SeededUser

  beforeAll(async () => {
    moto = await startMoto()
    account = new MotoAccount(moto.endpoint)
  })
  afterAll(async () => {
    account?.destroy()
    await moto?.stop()
  })
  beforeEach(async () => {
    await moto.reset()
    sandbox = await Sandbox.create(moto.endpoint)
    alice = await account.createUser('alice', { path: '/engineering/', mfaDevices: 1 })
    await sandbox.writeCredentials(`# team keys\n${credentialsSection('default', alice)}\n; keep me\n[other]\nregion = eu-west-1\n`)
    return () => sandbox.dispose()
  })

  it('init stores the user name and the MFA device that IAM lists, readable by the AWS CLI', async () => {
    const init = await sandbox.iamkit(['init', 'default', '--json'])
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(JSON.parse(init.stdout)).toEqual({
      profile: 'default',
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/engineering/alice',
      username: 'alice',
      mfaSerial: alice.mfaSerial,
    })
    expect((await sandbox.aws(['configure', 'get', 'mfa_serial', '--profile', 'default'])).stdout.trim()).toBe(alice.mfaSerial)
    expect((await sandbox.aws(['configure', 'get', 'username', '--profile', 'default'])).stdout.trim()).toBe('alice')
    expect(await sandbox.readCredentials()).toBe(
      `# team keys\n${credentialsSection('default', alice)}username = alice\nmfa_serial = ${alice.mfaSerial}\n\n; keep me\n[other]\nregion = eu-west-1\n`,
    )
  })

  it('init → login writes [default-sts] that the AWS CLI uses', async () => {
    expect((await sandbox.iamkit(['init', 'default'])).code).toBe(0)
    const login = await sandbox.iamkit(['login', 'default', '--token-code', '123456'])
    expect(login.code).toBe(0)
    expect(login.stderr).toBe('')
    expect(login.stdout).toMatch(/\[default-sts\], valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/)
    const identity = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default-sts'])
    expect(identity.code).toBe(0)
    expect(JSON.parse(identity.stdout).Account).toBe('123456789012')
    expect((await sandbox.aws(['configure', 'get', 'expiration', '--profile', 'default-sts'])).stdout.trim()).toMatch(/Z$/)
  })
})
