import { AsyncLocalStorage } from 'node:async_hooks'

import type { Reporter } from '../reporter.js'
import type { WriterFs } from './atomic-write.js'
import type { HeldLock, LockOptions } from './file-lock.js'
import type { IniDocument } from './ini-document.js'
import { profilePaths, type ProfilePaths } from './paths.js'
import { type ProfileSnapshot, readProfileSnapshot } from './profile-snapshot.js'
import { showToSdk } from './sdk-file-view.js'

export { ProfileSnapshot } from './profile-snapshot.js'

const heldLocks = new AsyncLocalStorage<Map<string, HeldLock>>()

export interface ProfileStoreOptions {
  /** The writer's file-system calls; tests hand in a failing disk. */
  writerFs?: WriterFs
  /** Where "waiting for <file>: locked by pid N…" goes when another process holds a lock past a second. */
  reporter?: Reporter
}

/**
 * Reads profiles with botocore's semantics and edits the credentials file line by line under
 * a lock (SPEC §1). Files that botocore would reject are reported, never rewritten. Reading takes
 * no lock (every write is an atomic rename); locks are held only around a read-modify-write.
 */
export class ProfileStore {
  private readonly writerFs?: WriterFs
  private readonly reporter?: Reporter

  constructor(
    readonly paths: ProfilePaths = profilePaths(),
    options: ProfileStoreOptions = {},
  ) {
    this.writerFs = options.writerFs
    this.reporter = options.reporter
  }

  /** Both files as they are now (profile-snapshot.ts); reading takes no lock. */
  async read(): Promise<ProfileSnapshot> {
    return readProfileSnapshot(this.paths)
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
    return this.withCredentialsLock(async () => {
      const snapshot = await this.read()
      const document = snapshot.credentials.document
      const result = await edit(document, snapshot)
      const text = document.toString()
      if (text !== snapshot.credentials.text) {
        await this.assertStillLocked(this.paths.credentials)
        await this.writeAtomically(this.paths.credentials, text)
        showToSdk(this.paths.credentials, text)
      }
      return result
    })
  }

  /**
   * The same for the config file, under its own lock. Taken inside the credentials lock when both
   * are needed (always in that order, so two iamkit processes never wait on each other).
   */
  async updateConfig<T>(edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    return this.withLockOn(this.paths.config, async () => {
      const snapshot = await this.read()
      const document = snapshot.config.document
      const result = await edit(document, snapshot)
      const text = document.toString()
      if (text !== snapshot.config.text) {
        await this.assertStillLocked(this.paths.config)
        await this.writeAtomically(this.paths.config, text)
        showToSdk(this.paths.config, text)
      }
      return result
    })
  }
}
