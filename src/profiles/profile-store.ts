import { AsyncLocalStorage } from 'node:async_hooks'

import type { Reporter } from '../reporter.js'
import type { WriterFs } from './atomic-write.js'
import type { HeldLock, LockOptions } from './file-lock.js'
import type { IniDocument } from './ini-document.js'
import { profilePaths, type ProfilePaths } from './paths.js'
import { admitProfileFile, type ProfileFileName, ProfileSnapshot, type ProfileTexts, profileSnapshotOf, readProfileSnapshot, readSharedFile } from './profile-snapshot.js'
import { type ProfileFile, parseProfileText } from './profile-file.js'

export { ProfileSnapshot } from './profile-snapshot.js'

const heldLocks = new AsyncLocalStorage<Map<string, HeldLock>>()

export interface ProfileStoreOptions {
  /** The writer's file-system calls; tests hand in a failing disk. */
  writerFs?: WriterFs
  /** Where "waiting for <file>: locked by pid N…" goes when another process holds a lock past a second. */
  reporter?: Reporter
  /**
   * The files' text as this process already read them (bin/run.js's fast path, dist/bundle/main.cjs):
   * the store's first read() takes them instead of reading the disk again.
   */
  read?: ProfileTexts
}

/**
 * Reads profiles with botocore's semantics and edits the credentials file line by line under
 * a lock (SPEC §1). Files that botocore would reject are reported, never rewritten. Reading takes
 * no lock (every write is an atomic rename); locks are held only around a read-modify-write.
 *
 * One store serves one command run, which reads each file once (issue 12): read() reads both files
 * the first time and then answers the same snapshot, kept up to date by this store's own writes and
 * re-reads. A file is read again only holding a lock, where another process may have written it:
 * the credentials file for a rewrite or a renewal's check (rereadCredentials, updateCredentials),
 * the config file for its rewrite (updateConfig), both for a vault command's checks (reread), since
 * vault commands write both files under the credentials lock.
 */
export class ProfileStore {
  private readonly writerFs?: WriterFs
  private readonly reporter?: Reporter
  /** The files as this run last read or wrote them. */
  #seen?: ProfileSnapshot
  #handedOver?: ProfileTexts

  constructor(
    readonly paths: ProfilePaths = profilePaths(),
    options: ProfileStoreOptions = {},
  ) {
    this.writerFs = options.writerFs
    this.reporter = options.reporter
    // Texts of other files (another AWS_CONFIG_FILE) are not this store's.
    if (options.read?.credentials.path === paths.credentials && options.read.config.path === paths.config) this.#handedOver = options.read
  }

  /** Both files as this run sees them (profile-snapshot.ts): read on the first call; reading takes no lock. */
  async read(): Promise<ProfileSnapshot> {
    if (!this.#seen) {
      const handedOver = this.#handedOver
      this.#handedOver = undefined
      this.#seen = handedOver ? profileSnapshotOf(handedOver) : readProfileSnapshot(this.paths)
    }
    return this.#seen
  }

  /** Both files read again now: for checks made holding the credentials lock, under which vault commands write both. */
  async reread(): Promise<ProfileSnapshot> {
    this.#handedOver = undefined
    this.#seen = readProfileSnapshot(this.paths)
    return this.#seen
  }

  /**
   * The credentials file read again now, with the config file as this run read it: for a check
   * made holding a lock (a renewal's, a rotation's), where another process may have written the
   * credentials file meanwhile.
   */
  async rereadCredentials(): Promise<ProfileSnapshot> {
    return this.#withFileReread('credentials')
  }

  /**
   * `name` read again now, the other file as this run saw it (both read from the disk, when the
   * run has read neither yet: texts handed over from before a lock are no re-read).
   */
  async #withFileReread(name: ProfileFileName): Promise<ProfileSnapshot> {
    if (!this.#seen) return this.reread()
    this.#seen = withFile(this.#seen, name, readSharedFile(this.paths, name))
    return this.#seen
  }

  /**
   * Runs `work` holding the credentials file's lock. Re-entrant within one async flow, so a
   * multi-step edit (vault import) can hold it and still call `updateCredentials`. Never to be
   * held while waiting for a person, a command or AWS (SPEC §0).
   */
  async withCredentialsLock<T>(work: () => Promise<T>): Promise<T> {
    return this.withLockOn(this.paths.credentials, work)
  }

  /**
   * Runs `work` holding a lock of its own on `file` (beside the profile files: a rotation's
   * journal, a session being renewed), reporting a wait like the profile files' locks do.
   */
  async withLock<T>(file: string, work: (lock: HeldLock) => Promise<T>): Promise<T> {
    const { withFileLock } = await import('./file-lock.js')
    return withFileLock(file, work, this.lockOptions())
  }

  private async withLockOn<T>(path: string, work: () => Promise<T>): Promise<T> {
    const held = heldLocks.getStore()
    if (held?.has(path)) return work()
    const { withFileLock } = await import('./file-lock.js')
    return withFileLock(path, (lock) => heldLocks.run(new Map([...(held ?? []), [path, lock]]), work), this.lockOptions())
  }

  private async writeAtomically(path: string, text: string): Promise<void> {
    const { writeFileAtomically } = await import('./atomic-write.js')
    await writeFileAtomically(path, text, this.writerFs)
  }

  private lockOptions(): LockOptions {
    const reporter = this.reporter
    return reporter ? { onWait: (line) => reporter.info(line) } : {}
  }

  /** Just before a locked rewrite: a lock taken over while this process was paused stops it here. */
  private async assertStillLocked(path: string): Promise<void> {
    await heldLocks.getStore()?.get(path)?.assertHeld()
  }

  /**
   * Locked read-modify-write of the credentials file: `edit` changes the document, and the
   * file is rewritten atomically only if its text changed. Returns what `edit` returned.
   */
  async updateCredentials<T>(edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    return this.withCredentialsLock(() => this.#update('credentials', edit))
  }

  /**
   * The same for the config file, under its own lock. Taken inside the credentials lock when both
   * are needed (always in that order, so two iamkit processes never wait on each other).
   */
  async updateConfig<T>(edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    return this.withLockOn(this.paths.config, () => this.#update('config', edit))
  }

  /** Holding `name`'s lock: the file read again, edited, and rewritten atomically only if its text changed. */
  async #update<T>(name: ProfileFileName, edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    const seen = await this.#withFileReread(name)
    // The edit works on a copy: what the run sees changes only with what reached the disk.
    const working = parseProfileText(seen[name])
    const result = await edit(working.document, withFile(seen, name, working))
    const text = working.document.toString()
    if (text !== working.text) {
      await this.assertStillLocked(this.paths[name])
      await this.writeAtomically(this.paths[name], text)
      this.#seen = withFile(seen, name, admitProfileFile({ path: working.path, text, exists: true, document: working.document }))
    }
    return result
  }
}

/** `snapshot` with `name` replaced by `file`. */
function withFile(snapshot: ProfileSnapshot, name: ProfileFileName, file: ProfileFile): ProfileSnapshot {
  return name === 'credentials' ? new ProfileSnapshot(file, snapshot.config) : new ProfileSnapshot(snapshot.credentials, file)
}
