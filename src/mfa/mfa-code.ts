import { UsageError } from '../errors.js'

const SIX_DIGITS = /^\d{6}$/

/** What is wrong with a one-time code's form, or undefined when it is six digits. */
export function mfaCodeProblem(code: string): string | undefined {
  const trimmed = code.trim()
  if (SIX_DIGITS.test(trimmed)) return undefined
  if (trimmed === '') return 'nothing was entered'
  return `"${trimmed.slice(0, 12)}" is not 6 digits`
}

/** Checks a one-time code's format before any AWS call spends it (SPEC §3). */
export function assertMfaCode(code: string, origin: string): string {
  const trimmed = code.trim()
  if (!SIX_DIGITS.test(trimmed)) {
    throw new UsageError('BAD_MFA_CODE', `${origin} must be the 6-digit code your MFA device shows, not "${trimmed.slice(0, 12)}"`)
  }
  return trimmed
}
