import { PassThrough } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { runMfaCommand } from '../../../src/mfa/mfa-command.js'

/** A stand-in for the person's terminal that remembers what reached it. */
function terminal() {
  const stream = new PassThrough()
  let seen = ''
  stream.on('data', (chunk) => (seen += chunk))
  return { stream, seen: () => seen }
}

// Real commands through the real shell: what a YubiKey helper does, minus the key.
describe('runMfaCommand', () => {
  it('passes the command’s stderr through while it runs and returns the last word of stdout', async () => {
    const tty = terminal()
    const code = await runMfaCommand(`echo 'Touch your YubiKey...' >&2; sleep 0.2; printf 'aws  654321\\n'`, { origin: '--mfa-command', stderr: tty.stream })
    expect(code).toBe('654321')
    expect(tty.seen()).toBe('Touch your YubiKey...\n')
  })

  it('shows the stderr before the command ends, so a "touch your key" is seen while it waits', async () => {
    const tty = terminal()
    const running = runMfaCommand(`echo 'touch now' >&2; sleep 1; echo 123456`, { origin: '--mfa-command', stderr: tty.stream })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(tty.seen()).toBe('touch now\n')
    expect(await running).toBe('123456')
  })

  it('names the exit status and the last stderr line of a failing command', async () => {
    const tty = terminal()
    const err = await runMfaCommand(`echo 'looking for key' >&2; echo 'ERROR: no YubiKey detected' >&2; exit 3`, { origin: '--mfa-command', stderr: tty.stream }).catch((e) => e)
    expect(reportFor(err)).toEqual({
      exitCode: 1,
      code: 'MFA_COMMAND_FAILED',
      message: '--mfa-command failed with exit status 3; the last line it wrote to stderr: "ERROR: no YubiKey detected"',
    })
    expect(tty.seen()).toContain('ERROR: no YubiKey detected')
  })

  it('says so when the command wrote nothing, or does not exist', async () => {
    const silent = await runMfaCommand('exit 4', { origin: 'mfa_process of profile "erin"', stderr: terminal().stream }).catch((e) => e)
    expect(silent.message).toBe('mfa_process of profile "erin" failed with exit status 4 (it wrote nothing to stderr)')
    const missing = await runMfaCommand('no-such-mfa-tool-xyz', { origin: '--mfa-command', stderr: terminal().stream }).catch((e) => e)
    expect(missing.message).toMatch(/^--mfa-command failed with exit status 127; the last line it wrote to stderr: ".*no-such-mfa-tool-xyz.*not found"$/)
  })

  it('stops a command that runs past the limit and says it timed out', async () => {
    const started = Date.now()
    const err = await runMfaCommand(`echo 'waiting for touch' >&2; sleep 30`, { origin: '--mfa-command', stderr: terminal().stream, timeoutMs: 400 }).catch((e) => e)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(reportFor(err)).toEqual({
      exitCode: 1,
      code: 'MFA_COMMAND_TIMEOUT',
      message: '--mfa-command printed no code within 0.4 s and was stopped; the last line it wrote to stderr: "waiting for touch"',
    })
  })

  it('does not wait for a background child that keeps the pipes open', async () => {
    const started = Date.now()
    expect(await runMfaCommand('(sleep 20 &) ; echo 111222', { origin: '--mfa-command', stderr: terminal().stream, timeoutMs: 10_000 })).toBe('111222')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('gives the command no stdin, so it cannot eat what was piped to iamkit', async () => {
    expect(await runMfaCommand('cat; echo 333444', { origin: '--mfa-command', stderr: terminal().stream })).toBe('333444')
  })
})
