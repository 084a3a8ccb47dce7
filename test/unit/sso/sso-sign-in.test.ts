import { readdir } from 'node:fs/promises'

import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso'
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { SystemError } from '../../../src/errors.js'
import { ssoAccessToken } from '../../../src/sso/access-token.js'
import { ssoRoleSession } from '../../../src/sso/sso-role-session.js'
import { CONFIG, minutesFromNow, NOW, serviceError, SsoFixture } from './sso-support.js'

const oidc = mockClient(SSOOIDCClient)
const portal = mockClient(SSOClient)
let fx: SsoFixture

beforeEach(async () => {
  oidc.reset()
  portal.reset()
  fx = await SsoFixture.create()
  oidc.on(RegisterClientCommand).resolves({ clientId: 'cid-1', clientSecret: 'csecret-1-long-enough', clientSecretExpiresAt: NOW.getTime() / 1000 + 90 * 86_400 })
  oidc.on(StartDeviceAuthorizationCommand).resolves({
    deviceCode: 'device-code-1',
    userCode: 'ABCD-EFGH',
    verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
    verificationUriComplete: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
    expiresIn: 600,
    interval: 1,
  })
})
afterEach(() => fx.dispose())

function tokenDeps(person = true) {
  return { cache: fx.cache, oidc: fx.oidc, clock: fx.clock, reporter: fx.reporter, ...(person ? { person: fx.person } : {}) }
}

function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (err) => reportFor(err),
  )
}

const cachedToken = (minutesLeft: number, extra: Record<string, unknown> = {}) => ({
  startUrl: CONFIG.startUrl,
  region: CONFIG.region,
  accessToken: 'aoaCachedAccessToken',
  expiresAt: minutesFromNow(minutesLeft),
  clientId: 'cid-0',
  clientSecret: 'csecret-0-long-enough',
  registrationExpiresAt: minutesFromNow(60 * 24 * 30),
  refreshToken: 'aorCachedRefreshToken',
  ...extra,
})

describe('the device authorization flow', () => {
  it('shows the URL and code, opens the browser, polls at the interval, slows down by 5 s on slow_down, and caches the token', async () => {
    oidc
      .on(CreateTokenCommand)
      .rejectsOnce(serviceError('AuthorizationPendingException'))
      .rejectsOnce(serviceError('SlowDownException'))
      .rejectsOnce(serviceError('AuthorizationPendingException'))
      .resolves({ accessToken: 'aoaNewAccessToken', expiresIn: 28_800, refreshToken: 'aorNewRefreshToken' })
    const { token, source } = await ssoAccessToken(CONFIG, tokenDeps())
    expect(source).toBe('sign-in')
    expect(fx.clock.sleeps).toEqual([1000, 6000, 6000])
    expect(fx.opened).toEqual(['https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH'])
    expect(fx.messages.join('\n')).toContain('open https://device.sso.eu-west-1.amazonaws.com/ and enter the code ABCD-EFGH')
    expect(oidc.commandCalls(RegisterClientCommand)[0]!.args[0].input).toEqual({ clientName: 'iamkit-dev', clientType: 'public', scopes: ['sso:account:access'] })
    expect(oidc.commandCalls(StartDeviceAuthorizationCommand)[0]!.args[0].input).toEqual({ clientId: 'cid-1', clientSecret: 'csecret-1-long-enough', startUrl: CONFIG.startUrl })
    expect(oidc.commandCalls(CreateTokenCommand)[0]!.args[0].input).toEqual({
      clientId: 'cid-1',
      clientSecret: 'csecret-1-long-enough',
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: 'device-code-1',
    })
    const expiresAt = new Date(fx.clock.millis() + 28_800_000).toISOString().replace('.000Z', 'Z')
    expect(token.expiresAt.toISOString().replace('.000Z', 'Z')).toBe(expiresAt)
    expect(await fx.readToken()).toEqual({
      startUrl: CONFIG.startUrl,
      region: 'eu-west-1',
      accessToken: 'aoaNewAccessToken',
      expiresAt,
      clientId: 'cid-1',
      clientSecret: 'csecret-1-long-enough',
      registrationExpiresAt: '2027-02-20T10:00:00Z',
      refreshToken: 'aorNewRefreshToken',
    })
  })

  it('gives up when the code expires although the service still says pending, writing nothing', async () => {
    oidc.on(CreateTokenCommand).rejects(serviceError('AuthorizationPendingException'))
    const report = await failure(ssoAccessToken(CONFIG, tokenDeps()))
    expect(report).toMatchObject({ exitCode: 1, code: 'SSO_SIGN_IN_EXPIRED' })
    expect(report.message).toContain('the sign-in code ABCD-EFGH expired before it was approved; nothing was written')
    expect(fx.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(600_000)
    // Only the client registration is cached; no token file.
    expect((await readdir(fx.cache.dir)).filter((f) => f === '34c6fceca75e456f25e7e99531e2425c6c1de443.json')).toEqual([])
  })

  it.each([
    ['ExpiredTokenException', 'SSO_SIGN_IN_EXPIRED'],
    ['AccessDeniedException', 'SSO_SIGN_IN_DENIED'],
  ])('stops at %s (exit 1) and writes no token', async (name, code) => {
    oidc.on(CreateTokenCommand).rejectsOnce(serviceError('AuthorizationPendingException')).rejects(serviceError(name))
    expect(await failure(ssoAccessToken(CONFIG, tokenDeps()))).toMatchObject({ exitCode: 1, code })
    await expect(fx.cache.read(CONFIG)).resolves.toBeUndefined()
  })

  it('registers the client once and reuses the cached registration for the next sign-in', async () => {
    oidc.on(CreateTokenCommand).resolves({ accessToken: 'aoaNewAccessToken', expiresIn: 60 })
    await ssoAccessToken(CONFIG, tokenDeps())
    await fx.cache.remove(CONFIG)
    await ssoAccessToken(CONFIG, tokenDeps())
    expect(oidc.commandCalls(RegisterClientCommand)).toHaveLength(1)
    expect(oidc.commandCalls(StartDeviceAuthorizationCommand)).toHaveLength(2)
  })
})

describe('ssoAccessToken', () => {
  it('uses a cached token with time left as it is, without any call', async () => {
    await fx.writeToken(cachedToken(30))
    const { token, source } = await ssoAccessToken(CONFIG, tokenDeps(false))
    expect({ source, accessToken: token.accessToken }).toEqual({ source: 'cache', accessToken: 'aoaCachedAccessToken' })
    expect(oidc.calls()).toHaveLength(0)
  })

  it('renews an expired token with its refresh token, without a person, and keeps the fields it did not change', async () => {
    await fx.writeToken(cachedToken(-10, { receivedAt: 'kept' }))
    oidc.on(CreateTokenCommand).resolves({ accessToken: 'aoaRenewedAccessToken', expiresIn: 3600, refreshToken: 'aorRotatedRefreshToken' })
    const { token, source } = await ssoAccessToken(CONFIG, tokenDeps(false))
    expect(source).toBe('refresh')
    expect(token.accessToken).toBe('aoaRenewedAccessToken')
    expect(oidc.commandCalls(CreateTokenCommand)[0]!.args[0].input).toEqual({
      clientId: 'cid-0',
      clientSecret: 'csecret-0-long-enough',
      grantType: 'refresh_token',
      refreshToken: 'aorCachedRefreshToken',
    })
    expect(await fx.readToken()).toMatchObject({ receivedAt: 'kept', accessToken: 'aoaRenewedAccessToken', expiresAt: minutesFromNow(60), refreshToken: 'aorRotatedRefreshToken', clientId: 'cid-0' })
  })

  it('renews a token that expires within 5 minutes, and uses it as it is while valid if the service refuses', async () => {
    await fx.writeToken(cachedToken(3))
    oidc.on(CreateTokenCommand).rejects(serviceError('InvalidGrantException'))
    const { token, source } = await ssoAccessToken(CONFIG, tokenDeps(false))
    expect({ source, accessToken: token.accessToken }).toEqual({ source: 'cache', accessToken: 'aoaCachedAccessToken' })
    expect(oidc.commandCalls(CreateTokenCommand)).toHaveLength(1)
  })

  it('does not renew with a registration that has expired', async () => {
    await fx.writeToken(cachedToken(-1, { registrationExpiresAt: minutesFromNow(-5) }))
    expect(await failure(ssoAccessToken(CONFIG, tokenDeps(false)))).toMatchObject({ exitCode: 2, code: 'SSO_SIGN_IN_NEEDED' })
    expect(oidc.calls()).toHaveLength(0)
  })

  it('without a person and without a usable token: a usage error by default (login), or the caller’s error (credential-process)', async () => {
    const login = await failure(ssoAccessToken(CONFIG, tokenDeps(false)))
    expect(login).toEqual({ exitCode: 2, code: 'SSO_SIGN_IN_NEEDED', message: 'a new IAM Identity Center sign-in is needed for sso-session "dev" (none is cached); run "iamkit login sso-dev" on a terminal' })
    await fx.writeToken(cachedToken(-1, { refreshToken: undefined }))
    const process = await failure(ssoAccessToken(CONFIG, tokenDeps(false), { noPersonError: (m) => new SystemError('NO_VALID_SESSION', m) }))
    expect(process).toMatchObject({ exitCode: 1, code: 'NO_VALID_SESSION' })
    expect(process.message).toContain('(it expired at 2026-11-22T09:59:00.000Z)')
    expect(oidc.calls()).toHaveLength(0)
  })

  it('ignores a cached token for another start URL', async () => {
    await fx.writeToken(cachedToken(30, { startUrl: 'https://other.awsapps.com/start' }))
    expect(await failure(ssoAccessToken(CONFIG, tokenDeps(false)))).toMatchObject({ code: 'SSO_SIGN_IN_NEEDED' })
  })

  it('renews once when another process renewed while this one waited: it takes that token', async () => {
    await fx.writeToken(cachedToken(-1))
    let first = true
    oidc.on(CreateTokenCommand).callsFake(async () => {
      if (!first) throw new Error('renewed twice')
      first = false
      return { accessToken: 'aoaRenewedOnce', expiresIn: 3600, refreshToken: 'aorRotated' }
    })
    const results = await Promise.all([1, 2, 3].map(() => ssoAccessToken(CONFIG, tokenDeps(false))))
    expect(results.map((r) => r.token.accessToken)).toEqual(['aoaRenewedOnce', 'aoaRenewedOnce', 'aoaRenewedOnce'])
    expect(oidc.commandCalls(CreateTokenCommand)).toHaveLength(1)
  })
})

describe('ssoRoleSession', () => {
  const roleCredentials = { accessKeyId: 'ASIAFAKESSOROLE00001', secretAccessKey: 'fakeSsoRoleSecret0000000001', sessionToken: 'FakeSsoRoleSessionToken0001', expiration: NOW.getTime() + 3_600_000 }

  it('trades the token for the profile’s account and role', async () => {
    await fx.writeToken(cachedToken(30))
    portal.on(GetRoleCredentialsCommand).resolves({ roleCredentials })
    const session = await ssoRoleSession(CONFIG, { cache: fx.cache, services: fx.services, clock: fx.clock, reporter: fx.reporter })
    expect(portal.commandCalls(GetRoleCredentialsCommand)[0]!.args[0].input).toEqual({ accessToken: 'aoaCachedAccessToken', accountId: '123456789012', roleName: 'Developer' })
    expect(session).toEqual({ accessKeyId: 'ASIAFAKESSOROLE00001', secretAccessKey: 'fakeSsoRoleSecret0000000001', sessionToken: 'FakeSsoRoleSessionToken0001', expiration: new Date(NOW.getTime() + 3_600_000) })
  })

  it('renews a token the portal rejects and tries once more', async () => {
    await fx.writeToken(cachedToken(30))
    portal.on(GetRoleCredentialsCommand).rejectsOnce(serviceError('UnauthorizedException', 401)).resolves({ roleCredentials })
    oidc.on(CreateTokenCommand).resolves({ accessToken: 'aoaRenewedAccessToken', expiresIn: 3600 })
    await ssoRoleSession(CONFIG, { cache: fx.cache, services: fx.services, clock: fx.clock, reporter: fx.reporter })
    expect(portal.commandCalls(GetRoleCredentialsCommand).map((c) => c.args[0].input.accessToken)).toEqual(['aoaCachedAccessToken', 'aoaRenewedAccessToken'])
  })

  it('names the account and role when the person is not assigned to it', async () => {
    await fx.writeToken(cachedToken(30))
    portal.on(GetRoleCredentialsCommand).rejects(serviceError('ForbiddenException', 403))
    const report = await failure(ssoRoleSession(CONFIG, { cache: fx.cache, services: fx.services, clock: fx.clock, reporter: fx.reporter }))
    expect(report).toMatchObject({ exitCode: 1, code: 'SSO_ROLE_NOT_ASSIGNED' })
    expect(report.message).toContain('no access to role Developer in account 123456789012')
  })

  it('never prints a token it handled', async () => {
    await fx.writeToken(cachedToken(-1))
    oidc.on(CreateTokenCommand).resolves({ accessToken: 'zzRenewedForRedactionTest', expiresIn: 3600, refreshToken: 'zzRotatedForRedactionTest' })
    portal.on(GetRoleCredentialsCommand).rejects(serviceError('UnauthorizedException', 401))
    const report = await failure(ssoRoleSession(CONFIG, { cache: fx.cache, services: fx.services, clock: fx.clock, reporter: fx.reporter }))
    expect(report.code).toBe('SSO_TOKEN_REJECTED')
    const { redact } = await import('../../../src/redact.js')
    expect(redact('zzRenewedForRedactionTest zzRotatedForRedactionTest aorCachedRefreshToken csecret-0-long-enough')).toBe('[REDACTED] [REDACTED] [REDACTED] [REDACTED]')
  })
})
