import { spawn } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { IAMKIT_BIN, run, Sandbox } from '../support/sandbox.js'

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

    // Again with nothing new: it says so, and the file is not rewritten (same inode and time).
    const before = await stat(sandbox.credentialsPath)
    const again = await sandbox.iamkit(['init', 'default'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain(`Unchanged: username and mfa_serial in ${sandbox.credentialsPath} already said so; nothing was written`)
    expect(again.stdout).not.toContain('Saved to')
    const after = await stat(sandbox.credentialsPath)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
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
    // A second login reuses the session and says that the code it was given went unused.
    const again = await sandbox.iamkit(['login', 'default', '--token-code', '123456'])
    expect(again.code).toBe(0)
    expect(again.stderr).toBe('warning: --token-code was not used: a valid stored session was reused (--force gets a new one)\n')
  })

  it('logs in to a role profile through the MFA session and the AWS CLI uses [admin-sts]', async () => {
    const roleArn = await account.createRole('Admin', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    })
    await sandbox.writeConfig(`[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\nexternal_id = ext-1\n`)
    expect((await sandbox.iamkit(['init', 'default'])).code).toBe(0)
    const login = await sandbox.iamkit(['login', 'admin', '--token-code', '123456', '--json'])
    expect(login.stderr).toBe('')
    expect(login.code).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'admin', sessionProfile: 'admin-sts', kind: 'role', reused: false, roleArn })
    const identity = JSON.parse((await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'admin-sts'])).stdout)
    expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/Admin/iamkit-alice')
    // The source's MFA session was stored too, so the next role login needs no code.
    const again = await sandbox.iamkit(['login', 'admin', '--force'])
    expect(again.code).toBe(0)
  })

  it('on a terminal, login asks for the code with a masked prompt', async () => {
    await sandbox.iamkit(['init', 'default'])
    // `script` gives iamkit a pseudo-terminal; the code is typed once the prompt shows.
    const child = spawn('script', ['-qfec', `${process.execPath} ${IAMKIT_BIN} login default`, '/dev/null'], { env: sandbox.env })
    let screen = ''
    child.stdout.on('data', (chunk) => {
      screen += chunk
      if (screen.includes('MFA code for') && !screen.includes('typed')) {
        screen += '(typed)'
        child.stdin.write('246810\r')
      }
    })
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(screen).toContain(`MFA code for ${alice.mfaSerial}`)
    expect(screen).toContain('******')
    expect(screen).not.toContain('246810')
    expect(screen).toContain('Wrote a new session to [default-sts]')
  })

  it('exec runs the command with the session and passes its exit code through', async () => {
    await sandbox.iamkit(['init', 'default'])
    const exec = await sandbox.iamkit(['exec', 'default', '--token-code', '123456', '--', 'aws', 'sts', 'get-caller-identity'])
    expect(exec.code).toBe(0)
    expect(JSON.parse(exec.stdout).Account).toBe('123456789012')
    // Now a valid session is stored: no code needed, and the child's status comes back.
    const env = await sandbox.iamkit(['exec', 'default', '--', 'sh', '-c', 'test -n "$AWS_SESSION_TOKEN" && test -z "$AWS_PROFILE" && exit 7'])
    expect(env.code).toBe(7)
    expect((await sandbox.iamkit(['exec', 'default', '--', 'no-such-program-xyz'])).code).toBe(127)
    // --json: stdout is iamkit's one document; the command's own output moves to stderr.
    const json = await sandbox.iamkit(['exec', 'default', '--json', '--', 'sh', '-c', 'echo from-child; exit 3'])
    expect(json.code).toBe(3)
    expect(json.stderr).toBe('from-child\n')
    expect(JSON.parse(json.stdout)).toMatchObject({ profile: 'default', sessionProfile: 'default-sts', command: ['sh', '-c', 'echo from-child; exit 3'], exitCode: 3 })
  })

  it('credential-process serves the cached session to the AWS CLI and never prompts', async () => {
    await sandbox.writeConfig(`[profile viaproc]\ncredential_process = ${process.execPath} ${IAMKIT_BIN} credential-process default\n`)
    const before = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'viaproc'])
    expect(before.code).not.toBe(0)
    expect(before.stderr).toContain('run "iamkit login default"')
    expect((await sandbox.iamkit(['login', 'default', '--token-code', '123456'])).code).toBe(0)
    const after = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'viaproc'])
    expect(after.code).toBe(0)
    expect(JSON.parse(after.stdout).Account).toBe('123456789012')
    const direct = await sandbox.iamkit(['credential-process', 'default'])
    expect(Object.keys(JSON.parse(direct.stdout))).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])
  })

  it('--format env prints exports for eval and --format json a credential_process document, writing nothing', async () => {
    await sandbox.iamkit(['init', 'default'])
    const before = await sandbox.readCredentials()
    const env = await sandbox.iamkit(['login', 'default', '--token-code', '123456', '--format', 'env'])
    expect(env.code).toBe(0)
    expect(env.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='.+'\nexport AWS_SECRET_ACCESS_KEY='.+'\nexport AWS_SESSION_TOKEN='.+'\nexport AWS_CREDENTIAL_EXPIRATION='.+Z'\n$/)
    const viaEval = await run('sh', ['-c', `${env.stdout}\naws sts get-caller-identity`], sandbox.env)
    expect(JSON.parse(viaEval.stdout).Account).toBe('123456789012')
    const json = await sandbox.iamkit(['login', 'default', '--token-code', '123456', '--format', 'json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.any(String), Expiration: expect.stringMatching(/Z$/) })
    expect(await sandbox.readCredentials()).toBe(before)
  })

  it('fails with exit 1 and names the call when AWS cannot be reached', async () => {
    const down = await sandbox.iamkit(['init', 'default', '--endpoint-url', 'http://127.0.0.1:9'], { env: { AWS_MAX_ATTEMPTS: '1' } })
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/^iamkit: sts:GetCallerIdentity: could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\); check the network, --endpoint-url.*\n$/)
  })

  describe('bad input: one line on stderr, exit 2, files byte-identical', () => {
    const cases: [string, string[], { credentials?: string; config?: string }, RegExp][] = [
      ['unknown profile', ['login', 'nobody', '--token-code', '123456'], {}, /profile "nobody" is not in/],
      ['profile without keys', ['login', 'other', '--token-code', '123456'], {}, /profile "other" has no aws_access_key_id/],
      ['session keys', ['init', 'temp'], { credentials: '[temp]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = s\naws_session_token = t\n' }, /temporary session credentials/],
      ['MFA code not 6 digits', ['login', 'default', '--token-code', '12a456'], {}, /--token-code must be the 6-digit code/],
      ['--duration out of range', ['login', 'default', '--token-code', '123456', '--duration', '600'], {}, /--duration must be 900–129600 seconds/],
      ['no MFA code without a terminal', ['login', 'default', '--force'], { credentials: 'MFA' }, /no terminal to ask on; pass --token-code or --mfa-command/],
      ['duplicate section', ['login', 'default'], { credentials: '[default]\nx = 1\n[default]\ny = 2\n' }, /credentials:3: section \[default\] appears twice/],
      ['line outside any section', ['init', 'default'], { credentials: 'stray = 1\n[default]\n' }, /credentials:1: this line is outside any \[section\]/],
      ['malformed section header', ['init', 'default'], { credentials: '[broken\naws_access_key_id = AKIAFAKE\n[default]\n' }, /credentials:1: section header "\[broken" has no closing "\]"/],
      ['source_profile missing', ['login', 'r'], { config: '[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = gone\n' }, /names source_profile "gone", which is not defined/],
      ['source_profile loop', ['login', 'a'], { config: '[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n' }, /source_profile loops: a → b → a/],
      ['unknown flag', ['login', 'default', '--tokn-code', '123456'], {}, /unknown flag "--tokn-code" for iamkit login; did you mean --token-code\?/],
      ['unknown command', ['logni', 'default'], {}, /unknown command "logni"/],
    ]
    it.each(cases)('%s', async (_name, args, files, message) => {
      if (files.credentials === 'MFA') await sandbox.writeCredentials(`${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\n`)
      else if (files.credentials) await sandbox.writeCredentials(files.credentials)
      await sandbox.writeConfig(files.config ?? '# config\n')
      const before = [await sandbox.readCredentials(), await readFile(sandbox.configPath, 'utf8')]
      const result = await sandbox.iamkit(args)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toMatch(/^iamkit: [^\n]+\n$/)
      expect([await sandbox.readCredentials(), await readFile(sandbox.configPath, 'utf8')]).toEqual(before)
    })

    it('with --json, the error is the one JSON document on stdout', async () => {
      const result = await sandbox.iamkit(['login', 'nobody', '--json'])
      expect(result.code).toBe(2)
      expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'UNKNOWN_PROFILE', message: expect.stringContaining('profile "nobody"') } })
    })
  })
})
