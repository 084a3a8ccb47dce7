import type { Readable } from 'node:stream'

import { SystemError } from '../errors.js'

/** As long as the AWS CLI waits for a credential process; a key waiting for a touch fits well inside. */
export const MFA_COMMAND_TIMEOUT_MS = 60_000
/** A code is a few bytes: anything past this is not a code command's output. */
const MAX_STDOUT = 64 * 1024
/** Enough to hold the last line of what the command wrote to stderr. */
const STDERR_TAIL = 4 * 1024

export interface MfaCommandOptions {
  /** How the error names the command: `--mfa-command`, `mfa_process of profile "erin"`. */
  origin: string
  timeoutMs?: number
  /** Where the command's stderr goes while it runs: the person's terminal ("touch your key"). */
  stderr?: NodeJS.WritableStream
}

/**
 * Runs a command that prints the current one-time code (`ykman oath accounts code -s aws`,
 * aws-vault's `mfa_process`) and returns the last word it printed on stdout. Its stderr passes
 * through as it is written; a failure or a timeout names the exit status and the last line the
 * command wrote to stderr. Stdin is closed: the code command must not read what was piped to iamkit.
 */
export async function runMfaCommand(command: string, options: MfaCommandOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? MFA_COMMAND_TIMEOUT_MS
  const sink = options.stderr ?? process.stderr
  // node:child_process is loaded when a code command runs, not by every start of login.
  const { spawn } = await import('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    let stdout = ''
    let stderrTail = ''
    let stopping = false
    let settled = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      sink.write(chunk)
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL)
    })
    const finish = (error?: SystemError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout.destroy()
      child.stderr.destroy()
      if (error) reject(error)
      else resolve(stdout.trim().split(/\s+/).pop() ?? '')
    }
    const tail = () => {
      const said = lastLine(stderrTail)
      return said ? `; the last line it wrote to stderr: "${said}"` : ' (it wrote nothing to stderr)'
    }
    const timedOut = () => new SystemError('MFA_COMMAND_TIMEOUT', `${options.origin} printed no code within ${seconds(timeoutMs)} and was stopped${tail()}`)
    const timer = setTimeout(() => {
      stopping = true
      // Exited already, but a grandchild still holds stdout open: stop waiting for it.
      if (child.exitCode !== null || child.signalCode !== null) return finish(timedOut())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref()
    }, timeoutMs)
    child.on('error', (err) => finish(new SystemError('MFA_COMMAND_FAILED', `${options.origin} could not be started: ${err.message}`, { cause: err })))
    child.on('exit', (code, signal) => {
      if (stopping) return finish(timedOut())
      // Read the code and the last stderr line once both pipes have drained; a grandchild that
      // keeps them open is not waited for past a second.
      void drained([child.stdout, child.stderr], 1_000).then(() => {
        if (code === 0) return finish()
        const status = code === null ? `was killed by ${signal}` : `failed with exit status ${code}`
        finish(new SystemError('MFA_COMMAND_FAILED', `${options.origin} ${status}${tail()}`))
      })
    })
  })
}

function drained(streams: Readable[], atMostMs: number): Promise<void> {
  const ends = streams.map((stream) => (stream.readableEnded ? Promise.resolve() : new Promise<void>((resolve) => stream.once('end', resolve).once('close', resolve))))
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, atMostMs)
    void Promise.all(ends).then(() => (clearTimeout(timer), resolve()))
  })
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)
  return (lines.at(-1) ?? '').slice(0, 200)
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
