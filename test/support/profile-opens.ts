import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { IAMKIT_BIN, run, type RunResult } from './sandbox.js'

export interface ProfileOpens {
  result: RunResult
  /** open(2)/openat(2) calls of the credentials file and of the config file, by any thread or child. */
  credentials: number
  config: number
}

let availability: string | undefined | null = null

/**
 * Why strace cannot trace a process here, or undefined when it can. The kernel's count of opens
 * is the one that cannot miss a read (a thread pool's, the SDK's, a child's); with CI=true a
 * missing or refused strace fails the suite instead of skipping it.
 */
export function straceUnavailableReason(): string | undefined {
  if (availability !== null) return availability
  const probe = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', '/dev/null', 'true'], { encoding: 'utf8' })
  availability = probe.status === 0 ? undefined : `strace cannot trace here (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()})`
  if (availability && process.env.CI === 'true') throw new Error(`CI=true and ${availability}: the profile-read tests need strace (apt-get install strace)`)
  return availability
}

/**
 * Runs `iamkit ARGS` under strace and counts how often the process (its threads and children
 * included) opened each profile file: every open is a read of the file, or a failed attempt.
 */
export async function profileOpens(args: string[], env: NodeJS.ProcessEnv, paths: { credentials: string; config: string }): Promise<ProfileOpens> {
  const folder = await mkdtemp(join(tmpdir(), 'iamkit-opens-'))
  const log = join(folder, 'strace.log')
  try {
    // -s: paths in full (strace cuts strings at 32 characters by default).
    const result = await run('strace', ['-f', '-qq', '-s', '4096', '-e', 'trace=open,openat', '-o', log, process.execPath, IAMKIT_BIN, ...args], env)
    const lines = (await readFile(log, 'utf8')).split('\n')
    const opensOf = (path: string) => lines.filter((line) => /\bopen(at)?\(/.test(line) && line.includes(`${JSON.stringify(path)},`)).length
    return { result, credentials: opensOf(paths.credentials), config: opensOf(paths.config) }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
