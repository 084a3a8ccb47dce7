import { PassThrough } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import type { MaskedPrompt } from '../../../src/mfa/masked-prompt.js'
import { mfaCodeSource } from '../../../src/mfa/mfa-code-source.js'

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice'
const quiet = { commandStderr: new PassThrough().resume() }

function recordingPrompt(answer: string) {
  const asked: string[] = []
  const prompt: MaskedPrompt = async (message) => (asked.push(message), answer)
  return { prompt, asked }
}

describe('mfaCodeSource', () => {
  it('checks --token-code when it is built, before anything calls AWS', () => {
    expect(() => mfaCodeSource({ tokenCode: '1234567' })).toThrow(/--token-code must be the 6-digit code/)
    expect(() => mfaCodeSource({ tokenCode: ' 123456 ' })).not.toThrow()
    expect(() => mfaCodeSource({ mfaCommand: ' ' })).toThrow(/--mfa-command needs a command/)
  })

  it('runs --mfa-command and takes the code it prints last', async () => {
    expect(await mfaCodeSource({ mfaCommand: "printf 'aws  654321\\n'", ...quiet })(SERIAL)).toBe('654321')
  })

  it('rejects a command that prints no code, or fails', async () => {
    await expect(mfaCodeSource({ mfaCommand: 'echo nope', ...quiet })(SERIAL)).rejects.toThrow(/the output of --mfa-command must be the 6-digit code/)
    const failed = await mfaCodeSource({ mfaCommand: 'exit 3', ...quiet })(SERIAL).catch((e) => e)
    expect(reportFor(failed)).toMatchObject({ exitCode: 1, code: 'MFA_COMMAND_FAILED' })
  })

  it('takes the first that applies: --token-code, --mfa-command, mfa_process, then the prompt', async () => {
    const { prompt, asked } = recordingPrompt('111111')
    const context = { profile: 'erin', mfaProcess: 'echo 333333' }
    expect(await mfaCodeSource({ tokenCode: '222222', mfaCommand: 'echo 444444', prompt, ...quiet })(SERIAL, context)).toBe('222222')
    expect(await mfaCodeSource({ mfaCommand: 'echo 444444', prompt, ...quiet })(SERIAL, context)).toBe('444444')
    expect(await mfaCodeSource({ prompt, ...quiet })(SERIAL, context)).toBe('333333')
    expect(asked).toEqual([])
    expect(await mfaCodeSource({ prompt, ...quiet })(SERIAL, { profile: 'erin' })).toBe('111111')
    expect(asked).toEqual([`MFA code for ${SERIAL}:`])
  })

  it('runs mfa_process without a person and names it in its errors', async () => {
    const unattended = mfaCodeSource(quiet)
    expect(await unattended(SERIAL, { profile: 'erin', mfaProcess: 'echo 555555' })).toBe('555555')
    const failed = await unattended(SERIAL, { profile: 'erin', mfaProcess: 'echo gone >&2; exit 2' }).catch((e) => e)
    expect(failed.message).toBe('mfa_process of profile "erin" failed with exit status 2; the last line it wrote to stderr: "gone"')
    const garbled = await unattended(SERIAL, { profile: 'erin', mfaProcess: 'echo 12' }).catch((e) => e)
    expect(reportFor(garbled)).toMatchObject({ exitCode: 2, code: 'BAD_MFA_CODE', message: expect.stringContaining('the output of mfa_process of profile "erin" must be the 6-digit code') })
  })

  it('without any source fails with exit 2 instead of waiting, and says how to add one', async () => {
    const report = reportFor(await mfaCodeSource({})(SERIAL, { profile: 'erin' }).catch((e) => e))
    expect(report).toMatchObject({ exitCode: 2, code: 'MFA_CODE_REQUIRED' })
    expect(report.message).toContain('add "mfa_process = <command that prints the code>" to [profile erin]')
  })
})
