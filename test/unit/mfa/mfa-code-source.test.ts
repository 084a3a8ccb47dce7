import { describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { mfaCodeSource } from '../../../src/mfa/mfa-code-source.js'

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice'

describe('mfaCodeSource', () => {
  it('checks --token-code when it is built, before anything calls AWS', () => {
    expect(() => mfaCodeSource({ tokenCode: '1234567' })).toThrow(/--token-code must be the 6-digit code/)
    expect(() => mfaCodeSource({ tokenCode: ' 123456 ' })).not.toThrow()
  })

  it('runs --mfa-command and takes the code it prints last', async () => {
    expect(await mfaCodeSource({ mfaCommand: "printf 'aws  654321\\n'" })(SERIAL)).toBe('654321')
  })

  it('rejects a command that prints no code, or fails', async () => {
    await expect(mfaCodeSource({ mfaCommand: 'echo nope' })(SERIAL)).rejects.toThrow(/the output of --mfa-command must be the 6-digit code/)
    const failed = await mfaCodeSource({ mfaCommand: 'exit 3' })(SERIAL).catch((e) => e)
    expect(reportFor(failed)).toMatchObject({ exitCode: 1, code: 'MFA_COMMAND_FAILED' })
  })

  it('prefers explicit flags to the prompt and validates what the person types', async () => {
    const asked: string[] = []
    const prompt = async (message: string) => (asked.push(message), '111111')
    expect(await mfaCodeSource({ tokenCode: '222222', prompt })(SERIAL)).toBe('222222')
    expect(await mfaCodeSource({ prompt })(SERIAL)).toBe('111111')
    expect(asked).toEqual([`MFA code for ${SERIAL}:`])
    await expect(mfaCodeSource({ prompt: async () => 'abc' })(SERIAL)).rejects.toThrow(/the MFA code must be the 6-digit code/)
  })

  it('without any source fails with exit 2 instead of waiting', async () => {
    expect(reportFor(await mfaCodeSource({})(SERIAL).catch((e) => e))).toMatchObject({ exitCode: 2, code: 'MFA_CODE_REQUIRED' })
  })
})
