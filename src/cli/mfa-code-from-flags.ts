import { type MfaCodeSource, mfaCodeSource } from '../mfa/mfa-code-source.js'
import { promptMasked } from '../mfa/terminal-prompts.js'
import { isInteractive } from './terminal.js'

/** The MFA code source that `--token-code`, `--mfa-command` and the terminal allow. */
export function mfaCodeFromFlags(flags: { 'token-code'?: string; 'mfa-command'?: string }): MfaCodeSource {
  return mfaCodeSource({
    tokenCode: flags['token-code'],
    mfaCommand: flags['mfa-command'],
    prompt: isInteractive() ? promptMasked : undefined,
  })
}
