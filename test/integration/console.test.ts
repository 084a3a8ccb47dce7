import { spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { FederationFake } from '../support/federation-fake.js'
import { ACCOUNT_ID, credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'
import type { SsoFake } from '../support/sso-fake.js'
import { installRecordingBrowser, SSO_CONFIG, ssoEnv, START_URL, startSsoFake } from '../support/sso-world.js'

const skip = motoUnavailableReason()

/**
 * `iamkit console` against moto (STS), the IAM Identity Center fake and a loopback stand-in for
 * the sign-in federation endpoint (test/support/federation-fake.ts says what it does not prove).
 */
describe.skipIf(skip)(`iamkit console${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let federation: FederationFake
  let sso: SsoFake
  let ssoSts: STSClient
  let sandbox: Sandbox
  let env: NodeJS.ProcessEnv
  let alice: SeededUser
  let roleArn: string

  beforeAll(async () => {
    ;({ fake: sso, sts: ssoSts } = await startSsoFake(shared.moto.endpoint))
    federation = await FederationFake.start(async (credentials) => {
      const sts = new STSClient({ region: 'us-east-1', endpoint: shared.moto.endpoint, credentials, maxAttempts: 1 })
      try {
        return (await sts.send(new GetCallerIdentityCommand({}))).Arn!
      } finally {
        sts.destroy()
      }
    })
  })
  afterAll(async () => {
    ssoSts?.destroy()
    await sso?.stop()
    await federation?.stop()
  })
  beforeEach(async () => {
    federation.requests.length = 0
    federation.html = false
    sandbox = await Sandbox.create(shared.moto.endpoint)
    env = { ...ssoEnv(sso), IAMKIT_SIGNIN_ENDPOINT: federation.endpoint }
    alice = await shared.account.createUser('alice', { mfaDevices: 1 })
    roleArn = await shared.account.createRole('Admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }] })
    await shared.account.createRole('Developer', { Version: '2012-10-17', Statement: [] })
    await sandbox.writeCredentials(`${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\nusername = alice\n`)
    await sandbox.writeConfig(`${SSO_CONFIG.replace('[profile sso-admin]', '[profile unused-admin]')}\n[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\nregion = eu-west-1\n`)
    return () => sandbox.dispose()
  })

  const iamkit = (args: string[], extra: NodeJS.ProcessEnv = {}) => sandbox.iamkit(args, { env: { ...env, ...extra } })

  it('--print signs in a role profile with its MFA role session; the URL and token never reach --debug output', async () => {
    // No AWS_DEFAULT_REGION: the console home is the profile's region's.
    const run = await iamkit(['console', 'admin', '--print', '--token-code', '123456', '--duration', '7200', '--debug'], { AWS_DEFAULT_REGION: '' })
    expect(run.code).toBe(0)
    const url = new URL(run.stdout.trim())
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
    expect(`${url.origin}${url.pathname}`).toBe(federation.endpoint)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'iamkit',
      Destination: 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1',
      SigninToken: federation.tokens.at(-1),
    })
    // The federation endpoint got the role session that login stored, for 7200 s.
    const [request] = federation.requests
    expect(request).toMatchObject({ answer: 'ok', sessionDuration: '7200', arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Admin/iamkit-alice` })
    const stored = spawnSync('aws', ['configure', 'get', 'aws_access_key_id', '--profile', 'admin-sts'], { env: sandbox.env, encoding: 'utf8' }).stdout.trim()
    expect(request!.session.sessionId).toBe(stored)
    // --debug talked about the call, never its secrets.
    expect(run.stderr).toContain('getSigninToken')
    for (const secret of [federation.tokens.at(-1)!, encodeURIComponent(federation.tokens.at(-1)!), run.stdout.trim(), request!.session.sessionKey as string, request!.session.sessionToken as string]) {
      expect(run.stderr).not.toContain(secret)
    }
  })

  it('--print signs in a user profile with sts:GetFederationToken, says it has no MFA context, and passes --policy-arn', async () => {
    const run = await iamkit(['console', 'default', '--print', '--json', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess', '--destination', 'https://console.aws.amazon.com/iam/home'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('comes from sts:GetFederationToken, which AWS allows only without MFA: it carries no MFA context')
    const out = JSON.parse(run.stdout)
    expect(out).toMatchObject({ profile: 'default', kind: 'user', mfa: false, opened: false, destination: 'https://console.aws.amazon.com/iam/home' })
    expect(new URL(out.url).searchParams.get('SigninToken')).toBe(federation.tokens.at(-1))
    // A federation token's console session takes the token's own lifetime: no SessionDuration.
    expect(federation.requests[0]).toMatchObject({ answer: 'ok' })
    expect(federation.requests[0]!.sessionDuration).toBeUndefined()
    // moto's federation tokens all have one fake key id; what matters is that it is not alice's key.
    expect(federation.requests[0]!.session.sessionId).not.toBe(alice.accessKeyId)
    expect(federation.requests[0]!.session.sessionToken).toBeTruthy()
    // Nothing was written: the federated session is for the console only.
    expect(await sandbox.readCredentials()).not.toContain('-sts]')
  })

  it('signs in an SSO profile with its role session, and opens the browser where there is one', async () => {
    const elsewhere = sso.signInElsewhere()
    await writeTokenLikeTheCli(sandbox, elsewhere.accessToken)
    const browser = await installRecordingBrowser(sandbox)
    const run = await iamkit(['console', 'sso-dev'], browser.env)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Opened the AWS console as "sso-dev" in your browser; the session lasts until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.\n$/)
    const url = new URL((await readFile(browser.opened, 'utf8')).trim())
    expect(url.searchParams.get('SigninToken')).toBe(federation.tokens.at(-1))
    expect(federation.requests[0]).toMatchObject({ answer: 'ok', arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Developer/alice@corp.example` })
  })

  it('prints the URL when there is no desktop, and refuses bad input before any call (exit 2)', async () => {
    const run = await iamkit(['console', 'admin', '--token-code', '123456'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('No browser to open here: this is the sign-in URL')
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&/)
    for (const args of [
      ['console', 'admin', '--duration', '50000'],
      ['console', 'admin', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ['console', 'admin', '--destination', 'javascript:alert(1)'],
      ['console', 'admin', '--signin-endpoint', 'not a url'],
    ]) {
      const bad = await iamkit(args)
      expect(bad.code, args.join(' ')).toBe(2)
    }
    expect(federation.requests).toHaveLength(1)
  })

  it('reports an answer that is not the federation endpoint’s (exit 1) and prints no URL', async () => {
    federation.html = true
    const run = await iamkit(['console', 'default', '--print'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/iamkit: signin:getSigninToken: the answer from http:\/\/127\.0\.0\.1:\d+\/federation is not AWS's \(HTTP 200, text\/html\)/)
  })
})

/** The token cache file as the AWS CLI v2 writes it after `aws sso login` (sso-session "dev"). */
async function writeTokenLikeTheCli(sandbox: Sandbox, accessToken: string): Promise<void> {
  const dir = join(sandbox.home, '.aws', 'sso', 'cache')
  await mkdir(dir, { recursive: true })
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  await writeFile(join(dir, '34c6fceca75e456f25e7e99531e2425c6c1de443.json'), JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken, expiresAt }))
}
