import { UsageError } from '../errors.js'
import { mfaCodeProblem } from './mfa-code.js'

/**
 * A masked prompt on the person's terminal. `validate` returns `true` for an answer to accept or
 * what is wrong with it (shown under the prompt, which then asks again); `signal` ends the prompt.
 */
export type MaskedPrompt = (message: string, options: { validate: (answer: string) => true | string; signal: AbortSignal }) => Promise<string>

/** How many malformed codes a person may type before iamkit gives up (SPEC §3). */
export const PROMPT_TRIES = 3

/**
 * Asks for the code until it has the 6-digit form, at most three times: a typo is corrected at
 * the prompt instead of ending the run, and a person who keeps mistyping is not held forever.
 */
export async function askForCode(prompt: MaskedPrompt, serial: string): Promise<string> {
  const stop = new AbortController()
  let failures = 0
  let lastProblem = ''
  const validate = (answer: string): true | string => {
    const problem = mfaCodeProblem(answer)
    if (!problem) return true
    failures += 1
    lastProblem = problem
    const left = PROMPT_TRIES - failures
    if (left === 0) {
      // After the prompt has drawn this message, so the person sees why it ended.
      setImmediate(() => stop.abort())
      return `${problem}; giving up after ${PROMPT_TRIES} tries`
    }
    return `${problem}; ${left} ${left === 1 ? 'try' : 'tries'} left`
  }
  try {
    const answer = await prompt(`MFA code for ${serial}:`, { validate, signal: stop.signal })
    return answer.trim()
  } catch (err) {
    if (!stop.signal.aborted) throw err
    throw new UsageError('BAD_MFA_CODE', `the MFA code must be the 6 digits your device shows (${lastProblem}); asked ${PROMPT_TRIES} times, nothing was changed`)
  }
}
