import { describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { askForCode, type MaskedPrompt } from '../../../src/mfa/masked-prompt.js'

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice'

/**
 * Behaves like @inquirer's password prompt: each typed answer goes through `validate`; a
 * message keeps the prompt open (and is shown), `true` ends it, an aborted signal rejects it.
 * What it does not prove, the pseudo-terminal test in test/integration/mfa-sources does.
 */
function typing(answers: string[], shown: string[]): MaskedPrompt {
  return (_message, { validate, signal }) =>
    new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(Object.assign(new Error('Prompt was aborted'), { name: 'AbortPromptError' })))
      const next = () => {
        const answer = answers.shift()
        if (answer === undefined) return
        const verdict = validate(answer)
        if (verdict === true) return resolve(answer)
        shown.push(verdict)
        setImmediate(next)
      }
      next()
    })
}

describe('askForCode', () => {
  it('asks again after a malformed code and takes the good one', async () => {
    const shown: string[] = []
    expect(await askForCode(typing(['12a', '', '654321'], shown), SERIAL)).toBe('654321')
    expect(shown).toEqual(['"12a" is not 6 digits; 2 tries left', 'nothing was entered; 1 try left'])
  })

  it('gives up with exit 2 after three malformed codes', async () => {
    const shown: string[] = []
    const err = await askForCode(typing(['12a', '1234567', 'abcdef', '111111'], shown), SERIAL).catch((e) => e)
    expect(shown).toEqual(['"12a" is not 6 digits; 2 tries left', '"1234567" is not 6 digits; 1 try left', '"abcdef" is not 6 digits; giving up after 3 tries'])
    expect(reportFor(err)).toEqual({
      exitCode: 2,
      code: 'BAD_MFA_CODE',
      message: 'the MFA code must be the 6 digits your device shows ("abcdef" is not 6 digits); asked 3 times, nothing was changed',
    })
  })

  it('passes Ctrl+C through as it is', async () => {
    const cancelled: MaskedPrompt = async () => {
      throw Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' })
    }
    expect(reportFor(await askForCode(cancelled, SERIAL).catch((e) => e))).toMatchObject({ exitCode: 130 })
  })
})
