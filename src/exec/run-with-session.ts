import { spawn } from 'node:child_process'
import { constants } from 'node:os'

import { UsageError } from '../errors.js'
import { sessionEnvironment, type SessionCredentials } from '../session/session-credentials.js'

// Variables that would make the child pick other credentials than the ones handed to it.
const COMPETING = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_FILE']

/** The child's environment: the caller's, with the session's credentials and, if given, region. */
export function sessionChildEnv(session: SessionCredentials, region: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base }
  for (const name of COMPETING) delete env[name]
  Object.assign(env, sessionEnvironment(session))
  if (region) {
    env.AWS_REGION = region
    env.AWS_DEFAULT_REGION = region
  }
  return env
}

/**
 * Runs `command` with the session in its environment and resolves with the exit status to
 * pass on: its own code, or 128 + the signal number when a signal ended it, as shells do.
 * `stdoutToStderr` keeps iamkit's stdout free for its own JSON document (--json).
 */
export function runWithSession(command: string, args: string[], env: NodeJS.ProcessEnv, options: { stdoutToStderr?: boolean } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['inherit', options.stdoutToStderr ? process.stderr : 'inherit', 'inherit'] })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
    for (const s of signals) process.on(s, forward)
    const cleanup = () => {
      for (const s of signals) process.off(s, forward)
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      cleanup()
      if (err.code === 'ENOENT') reject(new UsageError('COMMAND_NOT_FOUND', `command not found: ${command}`))
      else reject(err)
    })
    child.on('exit', (code, signal) => {
      cleanup()
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}
