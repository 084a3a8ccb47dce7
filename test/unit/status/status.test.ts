import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { logout } from '../../../src/session/logout.js'
import { profileStatuses } from '../../../src/status/profile-status.js'
import { renderStatusTable } from '../../../src/status/status-table.js'
import { timeLeft } from '../../../src/status/time-left.js'

const NOW = new Date('2026-11-22T10:00:00Z')
const CREDENTIALS = `# my keys
[default]
aws_access_key_id = AKIAFAKEFAKEFAKE0001
aws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001
mfa_serial = arn:aws:iam::123456789012:mfa/alice

[temp]
aws_access_key_id = ASIAFAKEFAKEFAKE0002
aws_secret_access_key = fakeTempSecret0002
aws_session_token = fakeTempToken0002

[default-sts]
aws_access_key_id = ASIAFAKEFAKEFAKE0003
aws_secret_access_key = fakeSessionSecret0003
aws_session_token = fakeSessionToken0003
expiration = 2026-11-22T13:12:30Z

; between
[admin-sts]
aws_access_key_id = ASIAFAKEFAKEFAKE0004
aws_secret_access_key = fakeSessionSecret0004
aws_session_token = fakeSessionToken0004
expiration = 2026-11-22T09:00:00Z

[orphan-sts]
aws_access_key_id = ASIAFAKEFAKEFAKE0005
aws_secret_access_key = fakeSessionSecret0005
aws_session_token = fakeSessionToken0005
expiration = 2026-11-22T11:00:00Z
`
const CONFIG = `[profile admin]
role_arn = arn:aws:iam::210987654321:role/AdministratorAccessForTheWholeOrganization
source_profile = default

[profile broken]
role_arn = arn:aws:iam::210987654321:role/X

[profile sso-dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile work]
credential_process = iamkit credential-process admin
`

let dir: string
let store: ProfileStore
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-status-'))
  store = new ProfileStore({ credentials: join(dir, 'credentials'), config: join(dir, 'config') })
  await writeFile(store.paths.credentials, CREDENTIALS, { mode: 0o600 })
  await writeFile(store.paths.config, CONFIG)
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('status', () => {
  it('describes every kind of profile from the files alone', async () => {
    const statuses = profileStatuses(await store.read(), NOW)
    const brief = statuses.map((s) => [s.profile, s.kind, s.keyStore, s.mfaSerial, s.session?.secondsLeft ?? null, s.problem !== null])
    expect(brief).toEqual([
      ['admin', 'role', null, 'arn:aws:iam::123456789012:mfa/alice', -3600, false],
      ['broken', 'role', null, null, null, true],
      ['default', 'user', 'file', 'arn:aws:iam::123456789012:mfa/alice', 11_550, false],
      ['orphan-sts', 'session', null, null, null, false],
      ['sso-dev', 'sso', null, null, null, false],
      ['temp', 'session', null, null, null, false],
      ['work', 'other', null, null, null, false],
    ])
    expect(statuses[0]).toMatchObject({ roleArn: 'arn:aws:iam::210987654321:role/AdministratorAccessForTheWholeOrganization', sourceProfile: 'default', session: { section: 'admin-sts', expiration: '2026-11-22T09:00:00Z' } })
  })

  it('one profile, or a usage error for an unknown one', async () => {
    const snapshot = await store.read()
    expect(profileStatuses(snapshot, NOW, 'default').map((s) => s.profile)).toEqual(['default'])
    expect(() => profileStatuses(snapshot, NOW, 'nobody')).toThrow(/profile "nobody" is not in/)
  })

  it('renders a table that fits 80 columns, with and without --check', async () => {
    const statuses = profileStatuses(await store.read(), NOW)
    statuses[2]!.key = { accessKeyId: 'AKIAFAKEFAKEFAKE0001', status: 'Active', ageDays: 412, lastUsed: '2026-11-20T08:00:00Z' }
    for (const check of [false, true]) {
      const table = renderStatusTable(statuses, { width: 80, check })
      const rows = table.split('\n\n')[0]!.split('\n')
      for (const row of rows) expect(row.length).toBeLessThanOrEqual(80)
      expect(rows[3]).toMatch(/^default\s+user\s+file\s+mfa\/alice\s+11-22 13:12\s+in 3h 12m/)
      if (check) expect(rows[3]).toMatch(/412d\s+2026-11-20$/)
    }
    expect(renderStatusTable(statuses)).toContain('broken: role profile "broken" has no source_profile')
  })

  it.each([
    [11_550, 'in 3h 12m'],
    [45 * 60, 'in 45m'],
    [30, 'in 1m'],
    [-30, 'expired'],
    [-7200, 'expired'],
    [3 * 86_400 + 3600, 'in 3d 1h'],
  ])('time left %i s → %s', (seconds, text) => {
    expect(timeLeft(seconds)).toBe(text)
  })
})

describe('logout', () => {
  it('removes one profile’s session and keeps every other byte', async () => {
    const result = await logout({ profile: 'admin' }, { store, snapshot: await store.read() })
    expect(result.removed).toEqual(['admin-sts'])
    const start = CREDENTIALS.indexOf('[admin-sts]')
    const end = CREDENTIALS.indexOf('\n[orphan-sts]')
    expect(await readFile(store.paths.credentials, 'utf8')).toBe(CREDENTIALS.slice(0, start) + CREDENTIALS.slice(end))
  })

  it('undoes what login appended, to the byte', async () => {
    const before = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = s\n'
    await writeFile(store.paths.credentials, `${before}\n[default-sts]\naws_access_key_id = ASIA1\naws_secret_access_key = s\naws_session_token = t\nexpiration = 2026-11-22T13:00:00Z\n`)
    await logout({ profile: 'default' }, { store, snapshot: await store.read() })
    expect(await readFile(store.paths.credentials, 'utf8')).toBe(before)
  })

  it('--all removes the sessions of existing profiles only, and a profile without a session changes nothing', async () => {
    const result = await logout({ all: true }, { store, snapshot: await store.read() })
    expect(result.removed).toEqual(['admin-sts', 'default-sts'])
    const text = await readFile(store.paths.credentials, 'utf8')
    expect(text).toContain('[orphan-sts]')
    expect(text).toContain('# my keys\n[default]')
    expect((await logout({ profile: 'default' }, { store, snapshot: await store.read() })).removed).toEqual([])
    expect(await readFile(store.paths.credentials, 'utf8')).toBe(text)
  })
})
