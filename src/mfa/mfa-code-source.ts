import { exec } from 'node:child_process'
import { promisify } from 'node:util'

import { SystemError, UsageError } from '../errors.js'
import { assertMfaCode } from './mfa-code.js'

/** Asks for the current one-time code of the MFA device `serial`. */
export type MfaCodeSource = (serial: string) => Promise<string>

export interface MfaCodeOptions {
  /** `--token-code`: used as given. */
  tokenCode?: string
  /** `--mfa-command`: a shell command that prints a code (e.g. `ykman oath accounts code -s aws`). */
  mfaCommand?: string
  /** A masked prompt, present only when a person is at a terminal. */
  prompt?: (message: string) => Promise<string>
}

/**
 * Where the code comes from, in order: --token-code, --mfa-command, a masked prompt on a
 * terminal; with none of them the run fails with exit 2 instead of waiting on a closed stdin.
 * Explicit flags come before the prompt so that a configured command is never second-guessed.
 */
export function mfaCodeSource(options: MfaCodeOptions): MfaCodeSource {
  // Validate a given code up front: a typo must not cost an AWS call (or a rotation).
  const given = options.tokenCode === undefined ? undefined : assertMfaCode(options.tokenCode, '--token-code')
  return async (serial) => {
    if (given) return given
    if (options.mfaCommand) return assertMfaCode(await runMfaCommand(options.mfaCommand), `the output of --mfa-command`)
    if (options.prompt) return assertMfaCode(await options.prompt(`MFA code for ${serial}:`), 'the MFA code')
    throw new UsageError(
      'MFA_CODE_REQUIRED',
      `an MFA code for ${serial} is needed and there is no terminal to ask on; pass --token-code or --mfa-command`,
    )
  }
}

const execAsync = promisify(exec)

async function runMfaCommand(command: string): Promise<string> {
  try {
    const { stdout } = await execAsync(command, { timeout: 60_000, windowsHide: true })
    return stdout.trim().split(/\s+/).pop() ?? ''
  } catch (err) {
    throw new SystemError('MFA_COMMAND_FAILED', `--mfa-command failed: ${(err as Error).message.split('\n')[0]}`, { cause: err })
  }
}
