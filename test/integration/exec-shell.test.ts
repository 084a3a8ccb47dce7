import { spawn } from 'node:child_process'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IAMKIT_BIN, Sandbox } from '../support/sandbox.js'

/** exec with a stored session: no AWS call is needed, so no emulator either. */
describe('iamkit exec', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    await sandbox.writeCredentials(
      '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\n\n' +
        '[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSessionSecret0001\naws_session_token = fakeSessionToken0001\nexpiration = 2999-01-01T00:00:00Z\n',
    )
    await sandbox.writeConfig('[default]\nregion = eu-west-2\n')
  })
  afterEach(() => sandbox.dispose())

  // No region in the environment, so the profile's applies.
  const noRegion = { AWS_DEFAULT_REGION: '', AWS_REGION: '' }

  it('without a command starts $SHELL on the terminal with the session and region, and passes its exit code on', async () => {
    // `script` gives iamkit a pseudo-terminal, as a person's shell has.
    const child = spawn('script', ['-qfec', `${process.execPath} ${IAMKIT_BIN} exec default`, '/dev/null'], {
      env: { ...sandbox.env, ...noRegion, SHELL: '/bin/sh', PS1: 'shell$ ' },
    })
    let screen = ''
    let typed = false
    child.stdout.on('data', (chunk) => {
      screen += chunk
      if (!typed && screen.includes('shell$')) {
        typed = true
        child.stdin.write('echo "key=$AWS_ACCESS_KEY_ID region=$AWS_REGION/$AWS_DEFAULT_REGION tty=$(tty >/dev/null && echo yes)"; exit 5\r')
      }
    })
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(screen).toContain('key=ASIAFAKEFAKEFAKE0001 region=eu-west-2/eu-west-2 tty=yes')
    expect(code).toBe(5)
  })

  it('gives the child AWS_REGION and AWS_DEFAULT_REGION alike, and none of iamkit’s own variables', async () => {
    const probe = 'echo "$AWS_REGION $AWS_DEFAULT_REGION ${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:-unset}"'
    const fromProfile = await sandbox.iamkit(['exec', 'default', '--', 'sh', '-c', probe], { env: noRegion })
    expect(fromProfile.stdout).toBe('eu-west-2 eu-west-2 unset\n')
    const fromEnvironment = await sandbox.iamkit(['exec', 'default', '--', 'sh', '-c', probe], { env: { AWS_DEFAULT_REGION: '', AWS_REGION: 'ap-south-1' } })
    expect(fromEnvironment.stdout).toBe('ap-south-1 ap-south-1 unset\n')
    const fromFlag = await sandbox.iamkit(['exec', 'default', '--region', 'sa-east-1', '--', 'sh', '-c', probe])
    expect(fromFlag.stdout).toBe('sa-east-1 sa-east-1 unset\n')
  })

  it('exits 127 with one line when the command does not exist, and refuses a command without "--"', async () => {
    const missing = await sandbox.iamkit(['exec', 'default', '--', 'no-such-program-xyz'])
    expect(missing).toMatchObject({ code: 127, stdout: '', stderr: 'iamkit: command not found: no-such-program-xyz\n' })
    const noSeparator = await sandbox.iamkit(['exec', 'default', 'aws', 'sts', 'get-caller-identity'])
    expect(noSeparator.code).toBe(2)
    expect(noSeparator.stderr).toMatch(/^iamkit: put the command to run after "--"/)
    // Before "--" only exec's own words: a stray one is bad input, not silently dropped.
    const stray = await sandbox.iamkit(['exec', 'default', 'oops', '--', 'true'])
    expect(stray).toMatchObject({ code: 2, stdout: '' })
    expect(stray.stderr).toMatch(/^iamkit: unexpected argument "?oops"? \(see iamkit exec --help\)\n$/)
  })
})
