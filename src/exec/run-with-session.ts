import { spawn } from 'node:child_process'
import { constants } from 'node:os'

import { CommandNotRunError } from '../errors.js'
import { sessionEnvironment, type SessionCredentials } from '../session/session-credentials.js'

// Variables that would make the child pick other credentials than the ones handed to it.
const COMPETING = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
]

export interface ChildEnvOptions {
  /** Sets AWS_REGION and AWS_DEFAULT_REGION alike. */
  region?: string
  /** Variables iamkit set for itself, which the child must not inherit. */
  internal?: readonly string[]
  base?: NodeJS.ProcessEnv
}

/** The child's environment: the caller's, less competing credentials, plus the session and region. */
export function sessionChildEnv(session: SessionCredentials, options: ChildEnvOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(options.base ?? process.env) }
  for (const name of [...COMPETING, ...(options.internal ?? [])]) delete env[name]
  Object.assign(env, sessionEnvironment(session))
  if (options.region) {
    env.AWS_REGION = options.region
    env.AWS_DEFAULT_REGION = options.region
  }
  return env
}

/** What `exec` runs without a command: the person's shell, as aws-vault does. */
export function defaultShell(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELL || '/bin/sh'
}

/**
 * Runs `command` with the session in its environment and resolves with the exit status to
 * pass on: its own code, or 128 + the signal number when a signal ended it, as shells do.
 * A program that does not exist is exit 127, one that cannot be run 126 (shells' codes).
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
      if (err.code === 'ENOENT') reject(new CommandNotRunError('COMMAND_NOT_FOUND', `command not found: ${command}`, { cause: err }))
      else if (err.code === 'EACCES') reject(new CommandNotRunError('COMMAND_NOT_EXECUTABLE', `cannot run ${command}: permission denied`, { cause: err }))
      else reject(err)
    })
    child.on('exit', (code, signal) => {
      cleanup()
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}
