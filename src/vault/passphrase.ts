
import { SystemError, UsageError } from '../errors.js'

/** Asks for the vault file's passphrase; `creating` when the file does not exist yet. */
export type PassphraseSource = (request: { path: string; creating: boolean }) => Promise<string>

export interface PassphraseOptions {
  /** `IAMKIT_VAULT_PASSPHRASE`. */
  env?: string
  /** `--passphrase-command`, else the profile's `vault_passphrase_process`: prints the passphrase. */
  command?: string
  /** Where the command came from, for messages. */
  commandOrigin?: string
  /** A masked prompt, present only when a person is at a terminal. */
  prompt?: (message: string) => Promise<string>
}

const COMMAND_TIMEOUT_MS = 60_000

/**
 * The passphrase, first that applies: the environment variable, a command, a masked prompt
 * (asked twice for a new vault, so a typo cannot lock the key away); with none, exit 2 instead
 * of waiting on a closed stdin. Asked once per process: the derived key is then kept in memory.
 */
export function passphraseSource(options: PassphraseOptions): PassphraseSource {
  let answer: Promise<string> | undefined
  return (request) => {
    answer ??= obtain(options, request).catch((err: unknown) => {
      answer = undefined
      throw err
    })
    return answer
  }
}

async function obtain(options: PassphraseOptions, request: { path: string; creating: boolean }): Promise<string> {
  if (options.env !== undefined && options.env !== '') return options.env
  if (options.command) return nonEmpty(await runPassphraseCommand(options.command, options.commandOrigin ?? '--passphrase-command'), options.commandOrigin ?? '--passphrase-command')
  if (options.prompt) {
    const first = nonEmpty(await options.prompt(`Passphrase for ${request.path}${request.creating ? ' (new vault)' : ''}:`), 'the passphrase')
    if (request.creating && (await options.prompt('The same passphrase again:')) !== first) {
      throw new UsageError('PASSPHRASE_MISMATCH', 'the two passphrases differ; nothing was changed, run the command again')
    }
    return first
  }
  throw new UsageError(
    'VAULT_PASSPHRASE_REQUIRED',
    `${request.path} needs its passphrase and there is no terminal to ask on; set IAMKIT_VAULT_PASSPHRASE, pass --passphrase-command, or add vault_passphrase_process to the profile`,
  )
}

function nonEmpty(passphrase: string, origin: string): string {
  if (passphrase === '') throw new UsageError('EMPTY_PASSPHRASE', `${origin} gave an empty passphrase; the vault needs one`)
  return passphrase
}

/** Runs the command in a shell; its stderr reaches the person (a "touch your key" message). */
async function runPassphraseCommand(command: string, origin: string): Promise<string> {
  // node:child_process is loaded when a command runs, not by every start of a command that could run one.
  const { spawn } = await import('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'inherit'], windowsHide: true })
    let stdout = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new SystemError('PASSPHRASE_COMMAND_FAILED', `${origin} could not start: ${err.message}`, { cause: err }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(stdout.replace(/\r?\n$/, ''))
      else reject(new SystemError('PASSPHRASE_COMMAND_FAILED', `${origin} ${signal ? `was stopped by ${signal} (after ${COMMAND_TIMEOUT_MS / 1000} s?)` : `exited with status ${code}`}; nothing was changed`))
    })
  })
}
