import { randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { type FileHandle, link, lstat, open, readFile, readlink, rename, rm, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'

import { SystemError } from '../errors.js'
import { ensurePrivateDir } from './private-dir.js'
import { assertRegularFileOrAbsent } from './regular-file.js'

/**
 * How long a lock may go without its holder refreshing it before others may take it over, how
 * often a holder refreshes it, when a waiter says it is waiting, and when it gives up.
 */
export interface LockTimings {
  staleMs: number
  refreshMs: number
  noticeMs: number
  giveUpMs: number
}

/**
 * A holder that exists is normally waited for; but a paused one (Ctrl-Z, a sleeping laptop) must
 * not block everyone forever, a holder on another host cannot be asked, and pids are reused. So
 * a lock not refreshed for `staleMs` is taken over even from a live pid, and its holder finds out
 * at its next step (`assertHeld`). `IAMKIT_TEST_LOCK_STALE_MS` shortens it for the pause tests.
 */
export function lockTimings(env: NodeJS.ProcessEnv = process.env): LockTimings {
  const stale = Number(env.IAMKIT_TEST_LOCK_STALE_MS)
  const staleMs = Number.isInteger(stale) && stale > 0 ? stale : 10_000
  return { staleMs, refreshMs: Math.max(50, Math.floor(staleMs / 4)), noticeMs: 1_000, giveUpMs: 60_000 }
}

export interface LockOptions {
  /** Told once, after `noticeMs`, that this process is waiting and for whom: "waiting for … held by pid N …". */
  onWait?: (line: string) => void
  timings?: LockTimings
}

/** The lock as its holder sees it while `work` runs. */
export interface HeldLock {
  readonly path: string
  /**
   * Throws LockLostError when another process has taken the lock over (this one was paused past
   * the stale time): called before each step that changes something, so a resumed process stops
   * there instead of acting on state it no longer owns.
   */
  assertHeld(): Promise<void>
  /** The same question without throwing. */
  isHeld(): Promise<boolean>
}

/** Another process took this process's lock over while it was paused; it must not go on. */
export class LockLostError extends SystemError {
  constructor(
    readonly lockPath: string,
    readonly takenBy: string,
  ) {
    super('LOCK_LOST', `${lockPath} was taken over by ${takenBy} while this iamkit was paused for longer than a lock may go unrefreshed; it stopped before changing anything more`)
  }
}

/**
 * Holds `<file>.lock` while `work` runs, so concurrent iamkit processes take turns on a file
 * instead of overwriting each other's changes (SPEC §0, §1). The lock is a file created with
 * O_EXCL, mode 0600, naming its holder (pid, host, start); while held its mtime is refreshed.
 * A waiter takes it over at once when its holder is a process of this host that no longer
 * exists, otherwise once it has gone `staleMs` without a refresh; after a second of waiting it
 * says for whom it waits. Nothing is loaded or created for reading: only writers lock.
 */
export async function withFileLock<T>(file: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  // Never a lock beside a device: /dev/null as the credentials file must not create /dev/null.lock.
  assertRegularFileOrAbsent(file, 'the files it locks')
  await ensurePrivateDir(dirname(file))
  const lock = await acquire(file, `${file}.lock`, options.timings ?? lockTimings(), options.onWait)
  try {
    return await work(lock)
  } finally {
    await lock.release()
  }
}

/** Lock files this process holds now, with their handles (its own pid in a lock it does not hold is a reused pid). */
const heldHere = new Map<string, FileHandle>()

interface Owner {
  pid: number
  host: string
  /** The pid namespace (Linux): two containers may share a hostname, never a pid namespace. */
  pidNamespace?: string
  started: string
}

async function acquire(file: string, path: string, timings: LockTimings, onWait?: (line: string) => void): Promise<Holder> {
  const me = await ownIdentity()
  const began = Date.now()
  let told = false
  for (let attempt = 0; ; attempt++) {
    const created = await createExclusive(file, path, me)
    if (created) return new Holder(path, created.handle, created.stats, timings)
    const seen = await inspect(path)
    if (!seen) continue
    if (abandoned(path, seen, me, timings) && (await takeOver(path, seen, me, timings))) continue
    const waited = Date.now() - began
    if (waited >= timings.giveUpMs) {
      throw new SystemError('LOCKED', `${file} is locked by ${describeOwner(seen.owner, me)} and was not released within ${Math.ceil(timings.giveUpMs / 1000)} s; try again (if no iamkit is running, remove ${path})`)
    }
    if (!told && waited >= timings.noticeMs) {
      told = true
      onWait?.(`waiting for ${file}: locked by ${describeOwner(seen.owner, me)}…`)
    }
    await sleep(Math.min(200, 10 * 1.5 ** attempt) * (0.5 + Math.random() / 2))
  }
}

/** The new lock's open file, or undefined when another holds it. */
async function createExclusive(file: string, path: string, me: Omit<Owner, 'started'>): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
  let handle: FileHandle
  try {
    handle = await open(path, 'wx', 0o600)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // EISDIR/EEXIST: a directory is the lock of an older iamkit (proper-lockfile); it is judged alike.
    if (code === 'EEXIST' || code === 'EISDIR') return undefined
    throw new SystemError('LOCK_FAILED', `could not lock ${file} (creating ${path}): ${(err as Error).message}`, { cause: err })
  }
  heldHere.set(path, handle)
  try {
    // Exactly 0600 whatever the umask (a umask of 000 must not make it world-writable).
    await handle.chmod(0o600)
    await handle.writeFile(`${JSON.stringify({ ...me, started: new Date().toISOString() } satisfies Owner)}\n`)
  } catch {
    // A full disk may refuse the few bytes: the empty file still excludes others, who then judge it by its age.
  }
  try {
    return { handle, stats: await handle.stat() }
  } catch (err) {
    await handle.close().catch(() => {})
    await unlink(path).catch(() => {})
    heldHere.delete(path)
    throw new SystemError('LOCK_FAILED', `could not lock ${file}: ${(err as Error).message}`, { cause: err })
  }
}

interface Seen {
  stats: Stats
  owner?: Owner
}

/** The lock as a waiter finds it; undefined when it has just gone. */
async function inspect(path: string): Promise<Seen | undefined> {
  const stats = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined
    throw err
  })
  if (!stats) return undefined
  if (!stats.isFile()) return { stats }
  const text = await readFile(path, 'utf8').catch(() => '')
  return { stats, owner: parseOwner(text) }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const data = JSON.parse(text) as Partial<Owner>
    if (Number.isInteger(data.pid) && typeof data.host === 'string' && typeof data.started === 'string') return data as Owner
  } catch {
    // Being written, or not ours: judged by its age.
  }
  return undefined
}

/**
 * A holder of this host that no longer exists (or this very pid, reused, when this process does
 * not hold the lock), or a lock nobody refreshed for `staleMs`.
 */
function abandoned(path: string, seen: Seen, me: Omit<Owner, 'started'>, timings: LockTimings): boolean {
  const { owner } = seen
  if (owner && sameHost(owner, me)) {
    if (owner.pid === me.pid ? !heldHere.has(path) : !processExists(owner.pid)) return true
  }
  return Date.now() - seen.stats.mtimeMs > timings.staleMs
}

function sameHost(owner: Omit<Owner, 'started'>, me: Omit<Owner, 'started'>): boolean {
  return owner.host === me.host && owner.pidNamespace === me.pidNamespace
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/**
 * Removes the lock judged abandoned, and only that one. Two waiters may judge the same lock at
 * once, and the slower must not remove the lock the faster has just created: so takers take
 * turns on `<lock>.takeover` (held for a few milliseconds) and look again under it. Even then
 * the lock is moved aside under a name of this process's own and checked to be the judged file;
 * one created meanwhile is put back (a hard link cannot replace a lock made since).
 */
async function takeOver(path: string, judged: Seen, me: Omit<Owner, 'started'>, timings: LockTimings): Promise<boolean> {
  const guardPath = `${path}.takeover`
  let guard: FileHandle
  try {
    guard = await open(guardPath, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    // Another waiter is taking over right now; a guard left by a crash is cleared once stale.
    const left = await lstat(guardPath).catch(() => undefined)
    if (left && Date.now() - left.mtimeMs > timings.staleMs) await unlink(guardPath).catch(() => {})
    return false
  }
  try {
    const now = await inspect(path)
    if (!now || !sameFile(now.stats, judged.stats) || !abandoned(path, now, me, timings)) return true
    const aside = `${path}.${randomBytes(6).toString('hex')}.stale`
    try {
      await rename(path, aside)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true
      throw err
    }
    const moved = await lstat(aside)
    if (!sameFile(moved, judged.stats)) {
      if (moved.isDirectory()) await rename(aside, path).catch(() => {})
      else await link(aside, path).catch(() => {})
    }
    await rm(aside, { recursive: true, force: true })
    return true
  } finally {
    await guard.close().catch(() => {})
    await unlink(guardPath).catch(() => {})
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev
}

/** A held lock: its file stays open, so "is it still ours?" is a comparison of inodes. */
class Holder implements HeldLock {
  #lost?: LockLostError
  #refreshing = false
  readonly #timer: NodeJS.Timeout

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly mine: Stats,
    timings: LockTimings,
  ) {
    // Never throws from the timer: a lost lock is remembered and reported at the next step.
    this.#timer = setInterval(() => void this.refresh(), timings.refreshMs)
    this.#timer.unref()
  }

  async isHeld(): Promise<boolean> {
    if (this.#lost) return false
    const now = await lstat(this.path).catch(() => undefined)
    if (now && sameFile(now, this.mine)) return true
    this.#lost = new LockLostError(this.path, await takenBy(this.path))
    return false
  }

  async assertHeld(): Promise<void> {
    if (!(await this.isHeld())) throw this.#lost!
  }

  async release(): Promise<void> {
    clearInterval(this.#timer)
    // Another's lock (this one was taken over) is left to its holder.
    if (await this.isHeld().catch(() => false)) await unlink(this.path).catch(() => {})
    // Only its own entry: another flow of this process may have taken the lock since the unlink.
    if (heldHere.get(this.path) === this.handle) heldHere.delete(this.path)
    await this.handle.close().catch(() => {})
  }

  private async refresh(): Promise<void> {
    if (this.#refreshing || this.#lost) return
    this.#refreshing = true
    try {
      if (await this.isHeld()) {
        const now = new Date()
        await this.handle.utimes(now, now)
      }
    } catch {
      // A refresh that fails (a full or vanished disk) leaves the next check to decide.
    } finally {
      this.#refreshing = false
    }
  }
}

async function takenBy(path: string): Promise<string> {
  const seen = await inspect(path)
  return seen?.owner ? `pid ${seen.owner.pid}${seen.owner.host === hostname() ? '' : ` on ${seen.owner.host}`}` : 'another process'
}

function describeOwner(owner: Owner | undefined, me: Omit<Owner, 'started'>): string {
  if (!owner) return 'another process'
  const where = sameHost(owner, me) ? '' : ` on ${owner.host}`
  return `pid ${owner.pid}${where} since ${owner.started.slice(11, 19)} UTC`
}

let identity: Promise<Omit<Owner, 'started'>> | undefined
function ownIdentity(): Promise<Omit<Owner, 'started'>> {
  identity ??= readlink('/proc/self/ns/pid')
    .catch(() => undefined)
    .then((pidNamespace) => ({ pid: process.pid, host: hostname(), ...(pidNamespace ? { pidNamespace } : {}) }))
  return identity
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
