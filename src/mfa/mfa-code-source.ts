import { UsageError } from '../errors.js'
import { type MaskedPrompt, askForCode } from './masked-prompt.js'
import { assertMfaCode } from './mfa-code.js'
import { runMfaCommand } from './mfa-command.js'

/** What the caller knows about the profile that needs the code. */
export interface MfaCodeContext {
  /** The profile whose MFA device it is, for messages. */
  profile?: string
  /** The profile's `mfa_process` setting (aws-vault's key): a command that prints a code. */
  mfaProcess?: string
}

/** Asks for the current one-time code of the MFA device `serial`. */
export type MfaCodeSource = (serial: string, context?: MfaCodeContext) => Promise<string>

export interface MfaCodeOptions {
  /** `--token-code`: used as given. */
  tokenCode?: string
  /** `--mfa-command`: a shell command that prints a code (e.g. `ykman oath accounts code -s aws`). */
  mfaCommand?: string
  /** A masked prompt, present only when a person is at a terminal. */
  prompt?: MaskedPrompt
  /** Where a code command's stderr goes (default: iamkit's stderr, the person's terminal). */
  commandStderr?: NodeJS.WritableStream
  /** How long a code command may run (default 60 s). */
  commandTimeoutMs?: number
}

/**
 * Where the code comes from, first that applies (SPEC §3): --token-code, --mfa-command, the
 * profile's mfa_process, a masked prompt on a terminal; with none of them the run fails with
 * exit 2 instead of waiting on a closed stdin. Everything before the prompt runs without a
 * person, so `mfaCodeSource({})` is the source for callers that must never prompt
 * (credential-process): it answers from `mfa_process` or fails with MFA_CODE_REQUIRED.
 */
export function mfaCodeSource(options: MfaCodeOptions): MfaCodeSource {
  // Validate a given code up front: a typo must not cost an AWS call (or a rotation).
  const given = options.tokenCode === undefined ? undefined : assertMfaCode(options.tokenCode, '--token-code')
  if (options.mfaCommand !== undefined && options.mfaCommand.trim() === '') {
    throw new UsageError('BAD_MFA_COMMAND', '--mfa-command needs a command that prints the code, e.g. --mfa-command "ykman oath accounts code -s aws"')
  }
  const run = (command: string, origin: string) =>
    runMfaCommand(command, { origin, stderr: options.commandStderr, timeoutMs: options.commandTimeoutMs }).then((code) => assertMfaCode(code, `the output of ${origin}`))
  return async (serial, context = {}) => {
    if (given) return given
    if (options.mfaCommand) return run(options.mfaCommand, '--mfa-command')
    if (context.mfaProcess) return run(context.mfaProcess, mfaProcessOrigin(context))
    if (options.prompt) return askForCode(options.prompt, serial)
    const where = context.profile ? ` to [profile ${context.profile}]` : ''
    throw new UsageError(
      'MFA_CODE_REQUIRED',
      `an MFA code for ${serial} is needed and there is no terminal to ask on; pass --token-code or --mfa-command, or add "mfa_process = <command that prints the code>"${where}`,
    )
  }
}

function mfaProcessOrigin(context: MfaCodeContext): string {
  return context.profile ? `mfa_process of profile "${context.profile}"` : 'mfa_process'
}
