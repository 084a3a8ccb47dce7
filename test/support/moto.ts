import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Starts moto (the AWS API emulator) on a free loopback port through the launcher in
 * test/fixtures, which adds a movable clock. Outside CI a machine without moto skips the
 * integration suites with a visible reason; under CI=true a missing moto fails them.
 */
const LAUNCHER = fileURLToPath(new URL('../fixtures/moto_launcher.py', import.meta.url))
const PYTHON = process.env.MOTO_PYTHON ?? 'python3'

export interface MotoServer {
  endpoint: string
  port: number
  /** Moves moto's clock: negative seconds put new entities and uses in the past. */
  setClock(offsetSeconds: number): Promise<void>
  /** Forgets every entity (`/moto-api/reset`). */
  reset(): Promise<void>
  /**
   * Restarts IAM enforcement's count (`/moto-api/reset-auth`): the next `initialNoAuthActionCount`
   * calls pass unchecked, every later one is checked. For files that share one moto.
   */
  resetAuth(initialNoAuthActionCount: number): Promise<void>
  stop(): Promise<void>
}

export interface MotoOptions {
  /**
   * Enforce IAM policies after this many unauthenticated calls (moto's
   * INITIAL_NO_AUTH_ACTION_COUNT): the test's own set-up calls pass, every later one is checked.
   */
  initialNoAuthActionCount?: number
  /** Another launcher script with the same contract ("listening <port>", the clock endpoint). */
  launcher?: string
}

let availability: string | undefined | null = null

/** Why moto cannot run here, or undefined when it can. */
export function motoUnavailableReason(): string | undefined {
  if (availability !== null) return availability
  const probe = spawnSync(PYTHON, ['-c', 'import moto, werkzeug'], { encoding: 'utf8' })
  availability = probe.status === 0 ? undefined : `moto is not installed for ${PYTHON} (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})`
  if (availability && process.env.CI === 'true') {
    throw new Error(`CI=true and ${availability}: the integration tests need moto (pip install 'moto[server]')`)
  }
  return availability
}

export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' }
  if (options.initialNoAuthActionCount !== undefined) env.INITIAL_NO_AUTH_ACTION_COUNT = String(options.initialNoAuthActionCount)
  else delete env.INITIAL_NO_AUTH_ACTION_COUNT
  const child = spawn(PYTHON, [options.launcher ?? LAUNCHER, '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await waitForPort(child)
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    port,
    async setClock(offsetSeconds) {
      const res = await fetch(`${endpoint}/_iamkit/clock`, { method: 'POST', body: JSON.stringify({ offsetSeconds }) })
      if (!res.ok) throw new Error(`moto clock: HTTP ${res.status}`)
    },
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset: HTTP ${res.status}`)
    },
    async resetAuth(count) {
      const res = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: String(count) })
      if (!res.ok) throw new Error(`moto reset-auth: HTTP ${res.status}`)
    },
    stop: () => stopChild(child),
  }
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => fail(new Error(`moto did not start within 30 s: ${stderr.slice(-500)}`)), 30_000)
    const fail = (err: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(err)
    }
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.on('exit', (code) => fail(new Error(`moto exited with ${code}: ${stderr.slice(-500)}`)))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.on('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref()
  })
}
