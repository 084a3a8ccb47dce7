import { spawnSync } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { STSClient } from '@aws-sdk/client-sts'

import { ACCOUNT_ID } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { IAMKIT_BIN, Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'
import type { SsoFake } from '../support/sso-fake.js'
import { iamkitOnTerminal, installRecordingBrowser, SSO_CONFIG, ssoEnv, START_URL, startSsoFake } from '../support/sso-world.js'

const skip = motoUnavailableReason()
/** sha1("dev") and sha1(START_URL), as botocore names the cache files (checked by botocore itself below). */
const SESSION_FILE = '34c6fceca75e456f25e7e99531e2425c6c1de443.json'
const LEGACY_FILE = 'a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json'

/**
 * `iamkit login` for IAM Identity Center profiles against the loopback OIDC/portal fake (whose
 * role sessions are moto's) and moto, with the AWS CLI (botocore's SSO provider) as the
 * independent reader and writer of ~/.aws/sso/cache. The fake is not AWS: see
 * test/support/sso-fake.ts for what it does not prove.
 */
describe.skipIf(skip)(`IAM Identity Center login${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let fake: SsoFake
  let sts: STSClient
  let sandbox: Sandbox
  let env: NodeJS.ProcessEnv
  let opened: string

  beforeAll(async () => {
    ;({ fake, sts } = await startSsoFake(shared.moto.endpoint))
  })
  afterAll(async () => {
    sts?.destroy()
    await fake?.stop()
  })
  beforeEach(async () => {
    Object.assign(fake.options, { deviceExpiresIn: 600, interval: 1, accessTokenExpiresIn: 3600, refreshTokens: true })
    fake.nextScript = ['approve']
    fake.calls.length = 0
    sandbox = await Sandbox.create(shared.moto.endpoint)
    const browser = await installRecordingBrowser(sandbox)
    env = { ...ssoEnv(fake), ...browser.env }
    opened = browser.opened
    await shared.account.createRole('Developer', { Version: '2012-10-17', Statement: [] })
    await shared.account.createRole('Admin', { Version: '2012-10-17', Statement: [] })
    await sandbox.writeConfig(SSO_CONFIG)
    return () => sandbox.dispose()
  })

  const cacheFile = (name = SESSION_FILE) => join(sandbox.home, '.aws', 'sso', 'cache', name)
  const aws = (args: string[]) => sandbox.aws(args, { env })
  const iamkit = (args: string[]) => sandbox.iamkit(args, { env })

  it('signs in with the device flow on a terminal, and the AWS CLI then uses the cached token without a new sign-in', async () => {
    fake.nextScript = ['pending', 'approve']
    const login = await iamkitOnTerminal(sandbox, ['login', 'sso-dev'], env)
    expect(login.code).toBe(0)
    expect(login.screen).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/start\/#\/device and enter the code [0-9A-F]{4}-[0-9A-F]{4}/)
    expect(login.screen).toContain('Opened the sign-in page in your browser.')
    expect(login.screen).toContain('Wrote a new session to [sso-dev-sts]')
    // The browser got the page that fills in the code; polls kept to the service's interval.
    expect((await readFile(opened, 'utf8')).trim()).toMatch(/\/start\/#\/device\?user_code=[0-9A-F]{4}-[0-9A-F]{4}$/)
    expect(fake.count('CreateToken', 'SlowDownException')).toBe(0)
    expect(fake.count('CreateToken', 'AuthorizationPendingException')).toBe(1)

    expect((await stat(cacheFile())).mode & 0o777).toBe(0o600)
    const cached = JSON.parse(await readFile(cacheFile(), 'utf8'))
    expect(Object.keys(cached)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'])
    expect(cached).toMatchObject({ startUrl: START_URL, region: 'us-east-1' })

    // iamkit's own session works with the AWS CLI…
    const viaSession = await aws(['sts', 'get-caller-identity', '--profile', 'sso-dev-sts'])
    expect(JSON.parse(viaSession.stdout).Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/Developer/alice@corp.example`)
    // …and botocore's SSO provider finds the token iamkit cached: one more GetRoleCredentials, no new sign-in.
    const before = fake.count('GetRoleCredentials', 'ok')
    const viaCli = await aws(['sts', 'get-caller-identity', '--profile', 'sso-dev'])
    expect(viaCli.stderr).toBe('')
    expect(JSON.parse(viaCli.stdout).Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/Developer/alice@corp.example`)
    expect(fake.count('GetRoleCredentials', 'ok')).toBe(before + 1)
    expect(fake.count('StartDeviceAuthorization')).toBe(1)
  })

  it('reuses a token cached the way botocore writes it, with no person and no new sign-in', async () => {
    const elsewhere = fake.signInElsewhere()
    writeWithBotocore(sandbox, { sessionName: 'dev', expiresInSeconds: 3600, token: elsewhere })
    const login = await iamkit(['login', 'sso-dev', '--json', '--debug'])
    expect(login.code).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'sso-dev', sessionProfile: 'sso-dev-sts', kind: 'sso', reused: false })
    // --debug shows the calls, never the sign-in's secrets.
    expect(login.stderr).toContain('GetRoleCredentials')
    for (const secret of [elsewhere.accessToken, elsewhere.refreshToken!, elsewhere.clientSecret]) expect(login.stderr).not.toContain(secret)
    expect(fake.calls.filter((c) => c.operation !== 'GetRoleCredentials')).toEqual([])
    expect(fake.calls[0]!.input.accessToken).toBe(elsewhere.accessToken)
    // The legacy form: botocore names the file by the start URL.
    writeWithBotocore(sandbox, { expiresInSeconds: 3600, token: fake.signInElsewhere() })
    expect((await iamkit(['login', 'sso-legacy'])).code).toBe(0)
    expect(await readFile(cacheFile(LEGACY_FILE), 'utf8')).toContain(START_URL)
    // logout removes the session and the shared token: the AWS CLI is signed out of "dev" too.
    const logout = await iamkit(['logout', 'sso-dev', '--json'])
    expect(JSON.parse(logout.stdout)).toEqual({ removed: ['sso-dev-sts'], removedSsoTokens: ['sso-session "dev"'] })
    await expect(stat(cacheFile())).rejects.toThrow()
    const signedOut = await aws(['sts', 'get-caller-identity', '--profile', 'sso-dev'])
    expect(signedOut.code).not.toBe(0)
    expect(signedOut.stderr).toMatch(/Token for dev does not exist|SSO session/i)
  })

  it('renews an expired token with its refresh token, and botocore renews one iamkit wrote: each reads the other’s renewal', async () => {
    // A token botocore cached that expired a minute ago, with its refresh token and registration.
    writeWithBotocore(sandbox, { sessionName: 'dev', expiresInSeconds: -60, token: fake.signInElsewhere() })
    // The renewed token lives 10 minutes: enough for iamkit (5-minute window), not for botocore (15).
    fake.options.accessTokenExpiresIn = 600
    const login = await iamkit(['login', 'sso-dev'])
    expect(login.code).toBe(0)
    expect(fake.count('CreateToken', 'refreshed')).toBe(1)
    const iamkitToken = JSON.parse(await readFile(cacheFile(), 'utf8'))
    expect(Date.parse(iamkitToken.expiresAt)).toBeGreaterThan(Date.now() + 9 * 60_000)
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'GetRoleCredentials', input: { accessToken: iamkitToken.accessToken } })

    // botocore renews iamkit's token with the refresh token and registration iamkit stored, and writes it back.
    fake.options.accessTokenExpiresIn = 3600
    const viaCli = await aws(['sts', 'get-caller-identity', '--profile', 'sso-dev'])
    expect(viaCli.code).toBe(0)
    expect(fake.count('CreateToken', 'refreshed')).toBe(2)
    const botocoreToken = JSON.parse(await readFile(cacheFile(), 'utf8'))
    expect(botocoreToken.accessToken).not.toBe(iamkitToken.accessToken)
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'GetRoleCredentials', input: { accessToken: botocoreToken.accessToken } })
    // iamkit takes botocore's renewal as it is.
    expect((await iamkit(['login', 'sso-dev', '--force'])).code).toBe(0)
    expect(fake.count('CreateToken', 'refreshed')).toBe(2)
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'GetRoleCredentials', input: { accessToken: botocoreToken.accessToken } })
  })

  it('chains a role profile through an SSO profile', async () => {
    writeWithBotocore(sandbox, { sessionName: 'dev', expiresInSeconds: 3600, token: fake.signInElsewhere() })
    // --format json prints the SSO role session and writes nothing.
    const printed = await iamkit(['login', 'sso-dev', '--format', 'json'])
    expect(Object.keys(JSON.parse(printed.stdout))).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])
    await expect(stat(sandbox.credentialsPath)).rejects.toThrow()
    const login = await iamkit(['login', 'sso-admin', '--json'])
    expect(login.stderr).toBe('')
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'sso-admin', kind: 'role', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/Admin` })
    const identity = JSON.parse((await aws(['sts', 'get-caller-identity', '--profile', 'sso-admin-sts'])).stdout)
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/Admin/iamkit-sso-dev`)
    // The SSO source's own session was stored on the way.
    expect(await sandbox.readCredentials()).toContain('[sso-dev-sts]')
  })

  it('credential-process renews without a person, and without a usable token fails (exit 1) with the hint', async () => {
    await sandbox.writeConfig(`${SSO_CONFIG}\n[profile viaproc]\ncredential_process = ${process.execPath} ${IAMKIT_BIN} credential-process sso-dev\n`)
    const none = await iamkit(['credential-process', 'sso-dev'])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      'iamkit: the session [sso-dev-sts] does not exist and a new IAM Identity Center sign-in is needed for sso-session "dev" (none is cached); run "iamkit login sso-dev" on a terminal\n',
    )
    expect(fake.calls).toEqual([])
    writeWithBotocore(sandbox, { sessionName: 'dev', expiresInSeconds: -60, token: fake.signInElsewhere() })
    const viaCli = await aws(['sts', 'get-caller-identity', '--profile', 'viaproc'])
    expect(viaCli.stderr).toBe('')
    expect(JSON.parse(viaCli.stdout).Arn).toContain(':assumed-role/Developer/')
    expect(fake.count('CreateToken', 'refreshed')).toBe(1)
    expect(fake.count('StartDeviceAuthorization')).toBe(0)
  })

  it('without a terminal and without a usable token, login exits 2 with the hint and writes nothing', async () => {
    const login = await iamkit(['login', 'sso-dev'])
    expect(login.code).toBe(2)
    expect(login.stderr).toBe('iamkit: a new IAM Identity Center sign-in is needed for sso-session "dev" (none is cached); run "iamkit login sso-dev" on a terminal\n')
    expect(fake.calls).toEqual([])
    await expect(stat(sandbox.credentialsPath)).rejects.toThrow()
  })

  it('gives up at the code’s expiry when nobody approves (exit 1), writing nothing', async () => {
    Object.assign(fake.options, { deviceExpiresIn: 2, interval: 1 })
    fake.nextScript = []
    const started = Date.now()
    const login = await iamkitOnTerminal(sandbox, ['login', 'sso-dev', '--no-browser'], env)
    expect(login.code).toBe(1)
    expect(login.screen).toMatch(/the sign-in code [0-9A-F-]+ expired before it was approved; nothing was written/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000)
    await expect(stat(cacheFile())).rejects.toThrow()
    await expect(stat(sandbox.credentialsPath)).rejects.toThrow()
    await expect(stat(opened)).rejects.toThrow()
  })

  it('stops when the person denies the sign-in (exit 1), writing nothing', async () => {
    fake.nextScript = ['pending', 'deny']
    const login = await iamkitOnTerminal(sandbox, ['login', 'sso-dev', '--no-browser'], env)
    expect(login.code).toBe(1)
    expect(login.screen).toMatch(/the sign-in with code [0-9A-F-]+ was denied; nothing was written/)
    await expect(stat(cacheFile())).rejects.toThrow()
  })

  it('waits 5 s longer after slow_down before polling again', async () => {
    fake.nextScript = ['slow_down', 'approve']
    const login = await iamkitOnTerminal(sandbox, ['login', 'sso-dev', '--no-browser', '--json'], env)
    expect(login.code).toBe(0)
    // A poll sooner than the new 6 s interval would have been answered slow_down again.
    expect(fake.count('CreateToken', 'SlowDownException')).toBe(1)
    const polls = fake.calls.filter((c) => c.operation === 'CreateToken')
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(5_900)
  })
})

/**
 * Writes ~/.aws/sso/cache the way the AWS CLI does, with botocore's own code (its JSON file
 * cache, its datetime serializer, its SSOTokenLoader's file-name rule): the reverse interop check.
 */
function writeWithBotocore(
  sandbox: Sandbox,
  options: { sessionName?: string; expiresInSeconds: number; token: { accessToken: string; refreshToken?: string; clientId: string; clientSecret: string } },
): void {
  const program = `
import datetime, json, os, sys
from botocore.utils import JSONFileCache, SSOTokenLoader
from botocore.tokens import _sso_json_dumps
args = json.loads(sys.argv[1])
now = datetime.datetime.now(datetime.timezone.utc)
token = {
  'startUrl': args['startUrl'], 'region': 'us-east-1', 'accessToken': args['accessToken'],
  'expiresAt': now + datetime.timedelta(seconds=args['expiresIn']),
  'clientId': args['clientId'], 'clientSecret': args['clientSecret'],
  'registrationExpiresAt': now + datetime.timedelta(days=90),
}
if args.get('refreshToken'): token['refreshToken'] = args['refreshToken']
cache = JSONFileCache(os.path.expanduser(os.path.join('~', '.aws', 'sso', 'cache')), dumps_func=_sso_json_dumps)
SSOTokenLoader(cache=cache).save_token(args['startUrl'], token, session_name=args.get('sessionName'))
`
  const { accessToken, refreshToken, clientId, clientSecret } = options.token
  const args = JSON.stringify({ startUrl: START_URL, expiresIn: options.expiresInSeconds, sessionName: options.sessionName, accessToken, refreshToken, clientId, clientSecret })
  const result = spawnSync(process.env.MOTO_PYTHON ?? 'python3', ['-c', program, args], { env: sandbox.env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`botocore could not write the cache: ${result.stderr}`)
}
