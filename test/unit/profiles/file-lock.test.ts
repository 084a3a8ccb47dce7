import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { LockLostError, lockTimings, type LockTimings, withFileLock } from '../../../src/profiles/file-lock.js'

const LOCK_MODULE = fileURLToPath(new URL('../../../dist/profiles/file-lock.js', import.meta.url))

let dir: string
let file: string
let lockPath: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-lock-'))
  file = join(dir, 'credentials')
  lockPath = `${file}.lock`
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const fast = (overrides: Partial<LockTimings> = {}): LockTimings => ({ ...lockTimings({}), ...overrides })

/** A lock file as another iamkit would leave it. */
async function foreignLock(owner: { pid: number; host?: string; ageMs?: number }) {
  const pidNamespace = await readlink('/proc/self/ns/pid').catch(() => undefined)
  const host = owner.host ?? hostname()
  await writeFile(lockPath, `${JSON.stringify({ pid: owner.pid, host, ...(pidNamespace && host === hostname() ? { pidNamespace } : {}), started: new Date().toISOString() })}\n`)
  if (owner.ageMs) {
    const then = new Date(Date.now() - owner.ageMs)
    await utimes(lockPath, then, then)
  }
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

/** A child process that holds the lock, says "held", and after `holdMs` reports whether it still holds it. */
function childHolder(holdMs: number, env: NodeJS.ProcessEnv = {}) {
  const script =
    `const { withFileLock } = await import(${JSON.stringify(LOCK_MODULE)});` +
    `const out = await withFileLock(${JSON.stringify(file)}, async (lock) => {` +
    `  process.stdout.write('held\\n'); await new Promise((r) => setTimeout(r, ${holdMs}));` +
    `  try { await lock.assertHeld(); return 'still held' } catch (e) { return e.constructor.name + ' ' + e.code + ': ' + e.message } });` +
    `process.stdout.write(out + '\\n')`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const held = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('held\n') && resolve()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
  return { child, held, done }
}

describe('withFileLock', () => {
  it('creates <file>.lock as a 0600 file naming pid, host and start, even under umask 000, and removes it after', async () => {
    const script =
      `process.umask(0); const { withFileLock } = await import(${JSON.stringify(LOCK_MODULE)}); const { stat, readFile } = await import('node:fs/promises');` +
      `await withFileLock(${JSON.stringify(file)}, async () => { const s = await stat(${JSON.stringify(lockPath)}); console.log(JSON.stringify({ mode: s.mode & 0o777, file: s.isFile(), owner: JSON.parse(await readFile(${JSON.stringify(lockPath)}, 'utf8')), pid: process.pid })) })`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    const seen = JSON.parse(result.stdout)
    expect(seen).toMatchObject({ mode: 0o600, file: true, owner: { pid: seen.pid, host: hostname() } })
    expect(Date.parse(seen.owner.started)).toBeGreaterThan(Date.now() - 60_000)
    await expect(stat(lockPath)).rejects.toThrow(/ENOENT/)
  })

  it('takes over at once a lock whose holder on this host no longer exists (no stale wait)', async () => {
    await foreignLock({ pid: deadPid() })
    const notices: string[] = []
    const started = Date.now()
    await withFileLock(file, async () => {}, { onWait: (l) => notices.push(l), timings: fast() })
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(notices).toEqual([])
    await expect(stat(lockPath)).rejects.toThrow(/ENOENT/)
  })

  it("waits for a fresh lock of another host (its pid means nothing here), and takes it over once stale", async () => {
    await foreignLock({ pid: process.pid, host: 'build-box-7' })
    const notices: string[] = []
    const started = Date.now()
    await withFileLock(file, async () => {}, { onWait: (l) => notices.push(l), timings: fast({ staleMs: 600, noticeMs: 200 }) })
    expect(Date.now() - started).toBeGreaterThanOrEqual(550)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(new RegExp(`^waiting for ${file}: locked by pid ${process.pid} on build-box-7 since \\d\\d:\\d\\d:\\d\\d UTC…$`))
  })

  it('says once, after a second, for whom it waits; then gets the lock when the holder lets go', async () => {
    const notices: { line: string; at: number }[] = []
    let release!: () => void
    const holding = new Promise<void>((resolve) => (release = resolve))
    const first = withFileLock(file, () => holding)
    await new Promise((r) => setTimeout(r, 50))
    const started = Date.now()
    setTimeout(release, 1_400)
    await withFileLock(file, async () => {}, { onWait: (line) => notices.push({ line, at: Date.now() - started }) })
    await first
    expect(notices).toHaveLength(1)
    expect(notices[0]!.at).toBeGreaterThanOrEqual(1_000)
    expect(notices[0]!.at).toBeLessThan(1_400)
    expect(notices[0]!.line).toMatch(new RegExp(`^waiting for ${file}: locked by pid ${process.pid} since \\d\\d:\\d\\d:\\d\\d UTC…$`))
  })

  it('gives up after the bound, naming the holder and the lock file', async () => {
    const holder = childHolder(5_000)
    await holder.held
    const err = await withFileLock(file, async () => {}, { timings: fast({ giveUpMs: 300 }) }).catch((e: unknown) => e)
    holder.child.kill('SIGKILL')
    await holder.done
    expect(err).toMatchObject({ code: 'LOCKED', exitCode: 1 })
    expect((err as Error).message).toMatch(new RegExp(`^${file} is locked by pid ${holder.child.pid} since .* UTC and was not released within 1 s; try again \\(if no iamkit is running, remove ${lockPath}\\)$`))
  })

  it("a SIGKILLed holder's lock is taken over at once", async () => {
    const holder = childHolder(60_000)
    await holder.held
    holder.child.kill('SIGKILL')
    await holder.done
    const started = Date.now()
    await withFileLock(file, async () => {}, { timings: fast() })
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('takes over the directory lock an older iamkit (proper-lockfile) left once it is stale, and waits for a fresh one', async () => {
    await mkdir(lockPath)
    const then = new Date(Date.now() - 20_000)
    await utimes(lockPath, then, then)
    await withFileLock(file, async () => {}, { timings: fast() })
    await mkdir(lockPath)
    const err = await withFileLock(file, async () => {}, { timings: fast({ giveUpMs: 200 }) }).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/is locked by another process/)
  })

  it('a paused holder whose lock was taken over learns it at its next step: LockLostError, no crash from a timer, and it leaves the new lock alone', async () => {
    const holder = childHolder(300, { IAMKIT_TEST_LOCK_STALE_MS: '300' })
    await holder.held
    holder.child.kill('SIGSTOP')
    await new Promise((r) => setTimeout(r, 700))
    let afterResume: { holderStdout: string; stillMine: boolean; lockExists: boolean } | undefined
    await withFileLock(
      file,
      async (lock) => {
        holder.child.kill('SIGCONT')
        const done = await holder.done
        expect(done.code).toBe(0)
        expect(done.stderr).toBe('')
        afterResume = { holderStdout: done.stdout, stillMine: await lock.isHeld(), lockExists: (await stat(lockPath)).isFile() }
      },
      { timings: fast({ staleMs: 300 }) },
    )
    expect(afterResume).toEqual({
      holderStdout: `held\nLockLostError LOCK_LOST: ${lockPath} was taken over by pid ${process.pid} while this iamkit was paused for longer than a lock may go unrefreshed; it stopped before changing anything more\n`,
      stillMine: true,
      lockExists: true,
    })
  })

  it('assertHeld throws LockLostError once the lock file is replaced, and release then removes nothing', async () => {
    await withFileLock(file, async (lock) => {
      await lock.assertHeld()
      await rm(lockPath)
      await foreignLock({ pid: 1, host: 'other-host' })
      await expect(lock.assertHeld()).rejects.toBeInstanceOf(LockLostError)
      expect(await lock.isHeld()).toBe(false)
    })
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ host: 'other-host' })
  })

  it('mutual exclusion holds when many processes race to take over one dead holder’s lock', async () => {
    await foreignLock({ pid: deadPid() })
    const counter = join(dir, 'counter')
    await writeFile(counter, '0')
    const script =
      `const { withFileLock } = await import(${JSON.stringify(LOCK_MODULE)}); const { readFile, writeFile } = await import('node:fs/promises');` +
      `await withFileLock(${JSON.stringify(file)}, async () => { const n = Number(await readFile(${JSON.stringify(counter)}, 'utf8')); await new Promise((r) => setTimeout(r, 5)); await writeFile(${JSON.stringify(counter)}, String(n + 1)) })`
    const codes = await Promise.all(
      Array.from({ length: 12 }, () => new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on('exit', resolve))),
    )
    expect(codes).toEqual(Array(12).fill(0))
    expect(await readFile(counter, 'utf8')).toBe('12')
    await expect(stat(lockPath)).rejects.toThrow(/ENOENT/)
  })
})
