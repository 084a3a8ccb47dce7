import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { isSsoProfile, ssoRoleConfig } from '../../../src/sso/sso-config.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-sso-config-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

async function resolve(config: string, profile = 'dev') {
  await writeFile(join(dir, 'config'), config)
  const snapshot = await new ProfileStore({ credentials: join(dir, 'credentials'), config: join(dir, 'config') }).read()
  return ssoRoleConfig(snapshot, snapshot.require(profile))
}

function failure(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (err) => reportFor(err),
  )
}

const SESSION = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access, other:scope\n'

describe('ssoRoleConfig', () => {
  it('joins a profile with its [sso-session] section', async () => {
    expect(await resolve(`[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-west-2\n${SESSION}`)).toEqual({
      profile: 'dev',
      sessionName: 'corp',
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      registrationScopes: ['sso:account:access', 'other:scope'],
      accountId: '111122223333',
      roleName: 'Developer',
    })
  })

  it('reads the legacy form from the profile alone', async () => {
    expect(await resolve('[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n')).toEqual({
      profile: 'dev',
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      registrationScopes: [],
      accountId: '111122223333',
      roleName: 'ReadOnly',
    })
  })

  it.each([
    ['a missing sso-session section', '[profile dev]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n', 'SSO_SESSION_MISSING', /no \[sso-session nope\] section/],
    ['a profile and session that disagree', `[profile dev]\nsso_session = corp\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n${SESSION}`, 'SSO_SETTINGS_DISAGREE', /sso_region is "us-east-1" in profile "dev" but "eu-west-1"/],
    ['a legacy profile without a region', '[profile dev]\nsso_start_url = https://x\nsso_account_id = 1\nsso_role_name = R\n', 'SSO_SETTINGS_MISSING', /profile "dev" needs sso_region/],
    ['no role name', `[profile dev]\nsso_session = corp\nsso_account_id = 1\n${SESSION}`, 'SSO_SETTINGS_MISSING', /needs sso_role_name/],
  ])('refuses %s (exit 2)', async (_what, config, code, message) => {
    const report = await failure(resolve(config))
    expect(report).toMatchObject({ exitCode: 2, code })
    expect(report!.message).toMatch(message)
  })

  it('knows an SSO profile by its account or role, as botocore does', () => {
    expect(isSsoProfile({ name: 'a', settings: { sso_session: 'corp', sso_account_id: '1' } })).toBe(true)
    expect(isSsoProfile({ name: 'a', settings: { sso_session: 'corp' } })).toBe(false)
    expect(isSsoProfile({ name: 'a', settings: { aws_access_key_id: 'AKIA' } })).toBe(false)
  })
})
