import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { parseCacheTime } from '../../../src/sso/token-cache.js'
import { CONFIG, NOW, SsoFixture } from './sso-support.js'

let fx: SsoFixture
beforeEach(async () => {
  fx = await SsoFixture.create()
})
afterEach(() => fx.dispose())

describe('SsoTokenCache', () => {
  it('names the file by the sha1 of the sso-session name, or of the start URL for the legacy form (as botocore does)', () => {
    // Digests computed with Python's hashlib, as botocore's SSOTokenLoader computes them.
    expect(fx.cache.pathFor(CONFIG)).toBe(join(fx.cache.dir, '34c6fceca75e456f25e7e99531e2425c6c1de443.json'))
    expect(fx.cache.pathFor({ startUrl: 'https://corp.awsapps.com/start' })).toBe(join(fx.cache.dir, 'a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json'))
  })

  it('writes the AWS CLI v2 fields, mode 0600 in a 0700 folder, and keeps fields other tools wrote', async () => {
    const expiresAt = new Date(NOW.getTime() + 3_600_000)
    await fx.cache.write(
      CONFIG,
      { startUrl: CONFIG.startUrl, region: 'eu-west-1', accessToken: 'aoaTokenValue1', expiresAt, refreshToken: 'aorRefresh1', clientId: 'cid', clientSecret: 'csecret', registrationExpiresAt: new Date('2027-02-20T10:00:00.500Z') },
      { receivedAt: '2026-11-22T10:00:00Z' },
    )
    expect(await fx.readToken()).toEqual({
      receivedAt: '2026-11-22T10:00:00Z',
      startUrl: CONFIG.startUrl,
      region: 'eu-west-1',
      accessToken: 'aoaTokenValue1',
      expiresAt: '2026-11-22T11:00:00Z',
      clientId: 'cid',
      clientSecret: 'csecret',
      registrationExpiresAt: '2027-02-20T10:00:00Z',
      refreshToken: 'aorRefresh1',
    })
    expect((await stat(fx.tokenPath())).mode & 0o777).toBe(0o600)
    expect((await stat(fx.cache.dir)).mode & 0o777).toBe(0o700)
    const back = await fx.cache.read(CONFIG)
    expect(back).toMatchObject({ accessToken: 'aoaTokenValue1', expiresAt, refreshToken: 'aorRefresh1', others: { receivedAt: '2026-11-22T10:00:00Z' } })
  })

  it('reads no token from a missing file, a file that is not JSON, or one without accessToken and expiresAt', async () => {
    expect(await fx.cache.read(CONFIG)).toBeUndefined()
    await fx.writeToken({ startUrl: CONFIG.startUrl, accessToken: 'only-a-token' })
    expect(await fx.cache.read(CONFIG)).toBeUndefined()
    await writeFile(fx.tokenPath(), '{"accessToken": "half')
    expect(await fx.cache.read(CONFIG)).toBeUndefined()
  })

  it('removes a token file and says whether there was one', async () => {
    await fx.writeToken({ accessToken: 'a', expiresAt: '2026-11-22T11:00:00Z' })
    expect(await fx.cache.remove(CONFIG)).toBe(true)
    expect(await fx.cache.remove(CONFIG)).toBe(false)
  })
})

describe('parseCacheTime', () => {
  it.each([
    ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00UTC', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00+01:00', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T10:00:00.250Z', '2026-11-22T10:00:00.250Z'],
    ['2026-11-22T10:00:00', '2026-11-22T10:00:00.000Z'],
  ])('reads %s as the AWS tools meant it', (text, iso) => {
    expect(parseCacheTime(text)?.toISOString()).toBe(iso)
  })

  it.each([[''], ['tomorrow'], [1234]])('rejects %s', (value) => {
    expect(parseCacheTime(value)).toBeUndefined()
  })
})
