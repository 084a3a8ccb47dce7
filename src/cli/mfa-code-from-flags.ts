import { type MfaCodeSource, mfaCodeSource } from '../mfa/mfa-code-source.js'
import { promptMasked } from '../mfa/terminal-prompts.js'
import type { Reporter } from '../reporter.js'
import { isInteractive } from './terminal.js'

export interface MfaCodeFromFlags {
  /** What the service asks when it needs a code. */
  source: MfaCodeSource
  /** Says, on stderr, that a code given on the command line was not needed, and why. */
  noteIfUnused(reporter: Reporter, why: string): void
}

/** The MFA code source that `--token-code`, `--mfa-command`, the profile's `mfa_process` and the terminal allow. */
export function mfaCodeFromFlags(flags: { 'token-code'?: string; 'mfa-command'?: string }): MfaCodeFromFlags {
  const ask = mfaCodeSource({
    tokenCode: flags['token-code'],
    mfaCommand: flags['mfa-command'],
    prompt: isInteractive() ? promptMasked : undefined,
  })
  const given = flags['token-code'] !== undefined ? '--token-code' : flags['mfa-command'] !== undefined ? '--mfa-command' : undefined
  let asked = false
  return {
    source: (serial, context) => {
      asked = true
      return ask(serial, context)
    },
    noteIfUnused(reporter, why) {
      if (given && !asked) reporter.warn(`${given} was not used: ${why}`)
    },
  }
}
