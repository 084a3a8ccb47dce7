import { open, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

import writeFileAtomic from 'write-file-atomic'

import { ensurePrivateDir } from './file-lock.js'

/** Owner read/write only: the most a file holding secrets may allow. */
const PRIVATE = 0o600

/**
 * Replaces `path` with `text` atomically (temp file in the same folder, fsync, rename, then
 * fsync of the folder), keeping the file's mode but never looser than 0600.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(path)
  await ensurePrivateDir(dir)
  const mode = await modeFor(path)
  await writeFileAtomic(path, text, { mode, fsync: true })
  await fsyncDir(dir)
}

async function modeFor(path: string): Promise<number> {
  try {
    const current = (await stat(path)).mode & 0o777
    return current & PRIVATE || PRIVATE
  } catch {
    return PRIVATE
  }
}

/** A rename or unlink is durable only once the folder's entry is on disk. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  if (!handle) return
  try {
    await handle.sync()
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close()
  }
}
