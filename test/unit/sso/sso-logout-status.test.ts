import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { logout } from '../../../src/session/logout.js'
import { SsoTokenCache } from '../../../src/sso/token-cache.js'
import { profileStatuses } from '../../../src/status/profile-status.js'

const NOW = new Date('2026-11-22T10:00:00Z')
const CONFIG = `[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer

[profile sso-ops]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Ops

[profile sso-only]
sso_session = corp

[profile broken]
sso_session = missing
sso_account_id = 1
sso_role_name = R

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`
const SESSION = '[sso-dev-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0009\naws_secret_access_key = fakeSessionSecret0009\naws_session_token = fakeSessionToken0009\nexpiration = 2026-11-22T13:00:00Z\n'

let dir: string
let store: ProfileStore
let cache: SsoTokenCache
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-sso-logout-'))
  store = new ProfileStore({ credentials: join(dir, 'credentials'), config: join(dir, 'config') })
  cache = new SsoTokenCache(join(dir, 'sso', 'cache'))
  await writeFile(store.paths.config, CONFIG)
  await writeFile(store.paths.credentials, SESSION, { mode: 0o600 })
  await mkdir(cache.dir, { recursive: true })
  // The sso-session's token and an unrelated one another tool cached.
  await writeFile(cache.pathFor({ sessionName: 'corp', startUrl: '' }), JSON.stringify({ accessToken: 'a', expiresAt: '2026-11-22T18:00:00Z' }))
  await writeFile(join(cache.dir, 'other.json'), '{}')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('logout of SSO profiles', () => {
  it('removes the session section and the sso-session’s cached token, and nothing else', async () => {
    const result = await logout({ profile: 'sso-dev' }, { store, snapshot: await store.read(), ssoCache: cache })
    expect(result).toEqual({ removed: ['sso-dev-sts'], removedSsoTokens: ['sso-session "corp"'] })
    expect(await readdir(cache.dir)).toEqual(['other.json'])
    // A second logout finds nothing left to remove.
    expect(await logout({ profile: 'sso-ops' }, { store, snapshot: await store.read(), ssoCache: cache })).toEqual({ removed: [], removedSsoTokens: [] })
  })

  it('--all covers SSO profiles without a session section, once per sso-session, skipping broken settings', async () => {
    await writeFile(store.paths.credentials, '')
    const result = await logout({ all: true }, { store, snapshot: await store.read(), ssoCache: cache })
    expect(result).toEqual({ removed: [], removedSsoTokens: ['sso-session "corp"'] })
  })
})

describe('status of SSO profiles', () => {
  it('shows kind sso, also for a sign-in-only or misconfigured SSO profile (with the problem)', async () => {
    const statuses = profileStatuses(await store.read(), NOW)
    expect(statuses.map((s) => [s.profile, s.kind, s.session?.section ?? null, s.problem])).toEqual([
      ['broken', 'sso', null, 'profile "broken" names sso_session "missing", but ' + store.paths.config + ' has no [sso-session missing] section'],
      ['sso-dev', 'sso', 'sso-dev-sts', null],
      ['sso-only', 'sso', null, 'profile "sso-only" needs sso_account_id and sso_role_name to get a role session from IAM Identity Center'],
      ['sso-ops', 'sso', null, null],
    ])
  })
})
