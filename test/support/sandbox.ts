import { type ChildProcess, spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built CLI, as a user runs it from a checkout. */
export const IAMKIT_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * A throw-away HOME with its own ~/.aws files and an environment that can only reach the
 * given endpoint: tests never see the developer's real profiles or AWS.
 */
export class Sandbox {
  private constructor(
    readonly home: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(endpoint?: string): Promise<Sandbox> {
    const home = await mkdtemp(join(tmpdir(), 'iamkit-test-'))
    await mkdir(join(home, '.aws'), { recursive: true, mode: 0o700 })
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      NO_COLOR: '1',
      ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    }
    for (const name of ['PYENV_ROOT', 'PYENV_VERSION', 'LANG', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name]
    return new Sandbox(home, env)
  }

  get credentialsPath(): string {
    return this.env.AWS_SHARED_CREDENTIALS_FILE!
  }

  get configPath(): string {
    return this.env.AWS_CONFIG_FILE!
  }

  async writeCredentials(text: string, mode = 0o600): Promise<void> {
    await writeFile(this.credentialsPath, text)
    await chmod(this.credentialsPath, mode)
  }

  async writeConfig(text: string): Promise<void> {
    await writeFile(this.configPath, text)
  }

  readCredentials(): Promise<string> {
    return readFile(this.credentialsPath, 'utf8')
  }

  /** `iamkit <args>` as a separate process, as a person or cron would run it. */
  iamkit(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
    return run(process.execPath, [IAMKIT_BIN, ...args], { ...this.env, ...options.env }, options.input)
  }

  /** `iamkit <args>` started in the background, for tests that kill it mid-run. */
  startIamkit(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Running {
    return start(process.execPath, [IAMKIT_BIN, ...args], { ...this.env, ...options.env })
  }

  /** The AWS CLI, the independent reader of what iamkit writes. */
  aws(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    return run('aws', args, { ...this.env, ...options.env })
  }

  async dispose(): Promise<void> {
    await rm(this.home, { recursive: true, force: true })
  }
}

export interface Running {
  child: ChildProcess
  /** Settles when the process ends; `code` is -1 when a signal ended it. */
  result: Promise<RunResult>
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return start(command, args, env, input).result
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Running {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
  const result = new Promise<RunResult>((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (c) => (stdout += c))
    child.stderr!.on('data', (c) => (stderr += c))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin!.end(input ?? '')
  })
  return { child, result }
}
