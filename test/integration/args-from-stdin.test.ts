import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

/**
 * oclif reads a missing argument from stdin whenever stdin is not a terminal; iamkit turns that
 * off for every command (src/cli/args-without-stdin.ts): what is piped in is never taken for a
 * profile, a file or a command nobody named (SPEC §0: bad input changes nothing).
 */
describe('arguments never come from stdin', () => {
  let sandbox: Sandbox
  const CREDENTIALS =
    '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake\n\n' +
    '[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = fake\naws_session_token = fake\nexpiration = 2999-01-01T00:00:00Z\n\n' +
    '[other]\naws_access_key_id = AKIAFAKEFAKEFAKE0002\naws_secret_access_key = fake\n'
  beforeEach(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    await sandbox.writeCredentials(CREDENTIALS)
  })
  afterEach(() => sandbox.dispose())

  it('`echo default | iamkit logout` is bad usage (name a profile or --all) and removes no session', async () => {
    const logout = await sandbox.iamkit(['logout'], { input: 'default\n' })
    expect({ code: logout.code, stderr: logout.stderr, file: await sandbox.readCredentials() }).toEqual({
      code: 2,
      stderr: 'iamkit: name one profile or pass --all, e.g. iamkit logout admin\n',
      file: CREDENTIALS,
    })
  })

  it('`echo default | iamkit rotate --yes` asks for its PROFILE and calls nothing (the endpoint is a closed port: a call would exit 1)', async () => {
    const rotate = await sandbox.iamkit(['rotate', '--yes'], { input: 'default\n' })
    expect({ code: rotate.code, stderr: rotate.stderr, file: await sandbox.readCredentials() }).toEqual({
      code: 2,
      stderr: 'iamkit: missing PROFILE: iamkit rotate PROFILE (see iamkit rotate --help)\n',
      file: CREDENTIALS,
    })
  })

  it('`… | iamkit status` lists every profile, and `… | iamkit policy check` asks for its FILE', async () => {
    const status = await sandbox.iamkit(['status', '--json'], { input: 'other\n' })
    expect({ code: status.code, profiles: (JSON.parse(status.stdout) as { profile: string }[]).map((s) => s.profile) }).toEqual({ code: 0, profiles: ['default', 'other'] })
    const check = await sandbox.iamkit(['policy', 'check'], { input: '{}\n' })
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 2, stderr: 'iamkit: missing FILE: iamkit policy check FILE (see iamkit policy check --help)\n' })
  })

  it('`echo login | iamkit help` shows the root help, as `iamkit help` does', async () => {
    const piped = await sandbox.iamkit(['help'], { input: 'login\n' })
    const alone = await sandbox.iamkit(['help'])
    expect({ code: piped.code, same: piped.stdout === alone.stdout }).toEqual({ code: 0, same: true })
  })
})
