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

  // rotate's endpoint is a closed port: a call would exit 1.
  it.each([
    [['logout'], 'iamkit: name one profile or pass --all, e.g. iamkit logout admin\n'],
    [['rotate', '--yes'], 'iamkit: missing PROFILE: iamkit rotate PROFILE (see iamkit rotate --help)\n'],
  ])('`echo default | iamkit %j` is bad usage, calls nothing and changes no file', async (args, stderr) => {
    const result = await sandbox.iamkit(args, { input: 'default\n' })
    expect({ code: result.code, stderr: result.stderr, file: await sandbox.readCredentials() }).toEqual({ code: 2, stderr, file: CREDENTIALS })
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
