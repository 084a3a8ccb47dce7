import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { ProfileStore } from '../../src/profiles/profile-store.js'
import { awsConfigureGet } from '../support/aws-configure-get.js'
import { credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

/**
 * iamkit reads the shared files as the AWS CLI (botocore) does, refuses what botocore and the JS
 * SDK read differently, and its writes change only the lines they edit: each case is checked
 * against `aws configure get`, the AWS CLI's own reading.
 */
const skip = motoUnavailableReason()

describe.skipIf(skip)(`profile files read as the AWS CLI reads them${skip ? ` (skipped: ${skip})` : ''}`, () => {
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
    alice = await account.createUser('alice', { mfaDevices: 1 })
    return () => sandbox.dispose()
  })

  async function awsGet(key: string, profile: string): Promise<string | undefined> {
    return (await awsConfigureGet(sandbox.env, [[key, profile]]))[0]
  }

  async function iamkitGet(key: string, profile: string): Promise<string | undefined> {
    return (await new ProfileStore({ credentials: sandbox.credentialsPath, config: sandbox.configPath }).read()).profile(profile)?.settings[key]
  }

  it('upper-case keys, names with spaces, tabs, non-ASCII letters and prototype names: the same values as aws configure get', async () => {
    await sandbox.writeCredentials(
      `[default]\nAWS_ACCESS_KEY_ID = ${alice.accessKeyId}\nAWS_SECRET_ACCESS_KEY = ${alice.secretAccessKey}\n[my cred]\naws_access_key_id = AKIAFAKEFAKEFAKE0009\n[tab\there]\nregion = t1\n[__proto__]\nregion = p1\n[constructor]\nregion = c1\n`,
    )
    await sandbox.writeConfig('[profile "my profile"]\nregion = eu-west-1\n[profile café]\nregion = eu-west-2\n[profile __proto__]\noutput = json\n[profile sp ace]\nregion = zz\n')
    const cases: [string, string][] = [
      ['aws_access_key_id', 'default'],
      ['aws_secret_access_key', 'default'],
      ['aws_access_key_id', 'my cred'],
      ['region', 'tab\there'],
      ['region', '__proto__'],
      ['output', '__proto__'],
      ['region', 'constructor'],
      ['region', 'my profile'],
      ['region', 'café'],
      ['region', 'sp ace'],
    ]
    const expected = await awsConfigureGet(sandbox.env, cases)
    expect(expected).toEqual([alice.accessKeyId, alice.secretAccessKey, 'AKIAFAKEFAKEFAKE0009', 't1', 'p1', 'json', 'c1', 'eu-west-1', 'eu-west-2', undefined])
    for (const [i, [key, profile]] of cases.entries()) expect(await iamkitGet(key, profile), `${key} of [${profile}]`).toBe(expected[i])
  })

  it('login works for a profile written with upper-case keys and for one named __proto__', async () => {
    const upper = `[default]\nAWS_ACCESS_KEY_ID = ${alice.accessKeyId}\nAWS_SECRET_ACCESS_KEY = ${alice.secretAccessKey}\n`
    await sandbox.writeCredentials(`${upper}\n${credentialsSection('__proto__', alice)}`)
    for (const profile of ['default', '__proto__']) {
      const login = await sandbox.iamkit(['login', profile, '--token-code', '123456'])
      expect(login.code, login.stderr).toBe(0)
      expect((await sandbox.aws(['sts', 'get-caller-identity', '--profile', `${profile}-sts`])).code, profile).toBe(0)
    }
    expect((await sandbox.readCredentials()).startsWith(upper)).toBe(true)
  })

  it('a value botocore and the JS SDK read differently (external_id = abc #def) is exit 2 naming the line and both readings', async () => {
    await sandbox.writeCredentials(credentialsSection('default', alice))
    const config = '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\nexternal_id = abc #def\n'
    await sandbox.writeConfig(config)
    expect(await awsGet('external_id', 'admin')).toBe('abc #def')
    const login = await sandbox.iamkit(['login', 'admin', '--token-code', '123456'])
    expect(login.code).toBe(2)
    expect(login.stderr).toBe(
      `iamkit: ${sandbox.configPath}:4: the AWS CLI reads external_id as "abc #def" but the JS SDK reads "abc"; write the value without " #" or " ;" and on one line (or quote nothing: neither reader removes quotes)\n`,
    )
    expect(await sandbox.readCredentials()).toBe(credentialsSection('default', alice))
  })

  it('botocore refuses a role profile with source_profile and credential_source, and so does iamkit', async () => {
    await sandbox.writeCredentials(credentialsSection('default', alice))
    await sandbox.writeConfig('[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = default\ncredential_source = Environment\n')
    const aws = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'r'])
    expect(aws.stderr).toContain('The profile "r" contains both source_profile and credential_source')
    const login = await sandbox.iamkit(['login', 'r', '--token-code', '123456'])
    expect(login.code).toBe(2)
    expect(login.stderr).toBe(`iamkit: profile "r" has both source_profile and credential_source, which the AWS CLI refuses; keep one of them in ${sandbox.configPath}\n`)
  })

  it('mixed line endings: init and login change only the lines they edit, and the AWS CLI reads every value the same before and after', async () => {
    // One CRLF section in an LF file, and [default] last, without a final newline.
    const before = `# keys\n[other]\r\nregion = eu-west-1\r\noutput = json\r\n\n[default]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\nregion = us-east-1`
    await sandbox.writeCredentials(before)
    const keys: [string, string][] = [
      ['region', 'other'],
      ['output', 'other'],
      ['aws_access_key_id', 'default'],
      ['aws_secret_access_key', 'default'],
      ['region', 'default'],
    ]
    const read = () => awsConfigureGet(sandbox.env, keys)
    const values = await read()
    expect(values).toEqual(['eu-west-1', 'json', alice.accessKeyId, alice.secretAccessKey, 'us-east-1'])

    expect((await sandbox.iamkit(['init', 'default'])).code).toBe(0)
    const afterInit = await sandbox.readCredentials()
    expect(afterInit).toBe(`${before}\nusername = alice\nmfa_serial = ${alice.mfaSerial}`)
    expect(await read()).toEqual(values)

    expect((await sandbox.iamkit(['login', 'default', '--token-code', '123456'])).code).toBe(0)
    const afterLogin = await sandbox.readCredentials()
    expect(afterLogin.startsWith(`${afterInit}\n\n[default-sts]\naws_access_key_id = `)).toBe(true)
    expect(afterLogin.endsWith('\nregion = us-east-1')).toBe(true)
    expect(await read()).toEqual(values)
    expect((await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default-sts'])).code).toBe(0)
  })
})
