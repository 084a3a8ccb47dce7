import { describe, expect, it } from 'vitest'

import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { ptyUnavailableReason, runInPty } from '../support/pty.js'
import { IAMKIT_BIN, Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

const skip = motoUnavailableReason() ?? ptyUnavailableReason()

// Where the MFA code comes from (SPEC §3), through the built CLI against moto. moto accepts any
// 6-digit code, so these tests prove where the code came from and what the person saw, not that
// AWS checked it (test/unit/aws covers AWS's answer to a wrong code).
describe.skipIf(skip)(`MFA code sources${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()

  async function userWithDevice(config = ''): Promise<{ sandbox: Sandbox; erin: SeededUser; credentials: string }> {
    const sandbox = await Sandbox.create(shared.moto.endpoint)
    const erin = await shared.account.createUser('erin', { mfaDevices: 1 })
    const credentials = `${credentialsSection('default', erin)}mfa_serial = ${erin.mfaSerial}\n`
    await sandbox.writeCredentials(credentials)
    await sandbox.writeConfig(config)
    return { sandbox, erin, credentials }
  }

  it('mfa_process runs without a person, and what it writes to stderr reaches the terminal', async () => {
    const { sandbox } = await userWithDevice(`[default]\nmfa_process = echo 'Touch your YubiKey...' >&2; echo 246810\n`)
    try {
      const login = await sandbox.iamkit(['login', 'default'])
      expect(login.stderr).toBe('Touch your YubiKey...\n')
      expect(login.code).toBe(0)
      expect((await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default-sts'])).code).toBe(0)
    } finally {
      await sandbox.dispose()
    }
  })

  it('--mfa-command comes before mfa_process; a failing one is named with its exit status and last stderr line, and nothing is written', async () => {
    const { sandbox, credentials } = await userWithDevice(`[default]\nmfa_process = echo 246810\n`)
    try {
      const failed = await sandbox.iamkit(['login', 'default', '--mfa-command', "echo 'opening key' >&2; echo 'ERROR: no YubiKey detected' >&2; exit 3"])
      expect(failed.code).toBe(1)
      expect(failed.stderr).toBe(
        'opening key\nERROR: no YubiKey detected\niamkit: --mfa-command failed with exit status 3; the last line it wrote to stderr: "ERROR: no YubiKey detected"\n',
      )
      expect(await sandbox.readCredentials()).toBe(credentials)
      // Without the flag, the profile's mfa_process answers.
      const fromProcess = await sandbox.iamkit(['login', 'default', '--json'])
      expect(fromProcess.code).toBe(0)
      expect(JSON.parse(fromProcess.stdout)).toMatchObject({ reused: false, mfaSerial: expect.stringContaining(':mfa/erin-0') })
    } finally {
      await sandbox.dispose()
    }
  })

  it('--duration takes units (1h is 3600 s), and a reused session says --duration went unused', async () => {
    const { sandbox } = await userWithDevice()
    try {
      const before = Date.now()
      const first = await sandbox.iamkit(['login', 'default', '--token-code', '123456', '--duration', '1h', '--json'])
      expect(first.code, first.stderr).toBe(0)
      const lifetime = Date.parse(JSON.parse(first.stdout).expiration) - before
      expect(lifetime).toBeGreaterThan(3_500_000)
      expect(lifetime).toBeLessThan(3_700_000)
      const again = await sandbox.iamkit(['login', 'default', '--duration', '90m'])
      expect(again.code).toBe(0)
      expect(again.stderr).toBe('warning: --duration was not used: a valid stored session was reused (--force gets a new one)\n')
    } finally {
      await sandbox.dispose()
    }
  })

  it('the masked prompt on a terminal asks again after a malformed code', async () => {
    const { sandbox } = await userWithDevice()
    try {
      const session = await runInPty([process.execPath, IAMKIT_BIN, 'login', 'default'], sandbox.env, [
        { waitFor: /MFA code for arn:aws:iam::\d+:mfa\/erin-0:/, send: '12a\r' },
        // The prompt keeps what was typed so it can be corrected: erase it first.
        { waitFor: /"12a" is not 6 digits; 2 tries left/, send: '\x7f\x7f\x7f654321\r' },
      ])
      expect(session.screen).not.toMatch(/giving up/)
      expect(session.screen).toMatch(/Wrote a new session to \[default-sts\]/)
      expect(session.code).toBe(0)
    } finally {
      await sandbox.dispose()
    }
  })

  it('three malformed codes at the prompt end with exit 2 and leave the files as they were', async () => {
    const { sandbox, credentials } = await userWithDevice()
    try {
      const erase = '\x7f'.repeat(8)
      const session = await runInPty([process.execPath, IAMKIT_BIN, 'login', 'default'], sandbox.env, [
        { waitFor: /MFA code for/, send: '12a\r' },
        { waitFor: /2 tries left/, send: `${erase}1234567\r` },
        { waitFor: /1 try left/, send: `${erase}\r` },
      ])
      expect(session.screen).toMatch(/nothing was entered; giving up after 3 tries/)
      expect(session.screen).toMatch(/iamkit: the MFA code must be the 6 digits your device shows \(nothing was entered\); asked 3 times, nothing was changed/)
      expect(session.code).toBe(2)
      expect(await sandbox.readCredentials()).toBe(credentials)
    } finally {
      await sandbox.dispose()
    }
  })
})
