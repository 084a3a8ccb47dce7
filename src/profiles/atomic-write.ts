import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { SystemError } from '../errors.js'
import { writeFailureReason } from '../write-failure-reason.js'
import { ensurePrivateDir } from './private-dir.js'
import { assertRegularFileOrAbsent } from './regular-file.js'

/** Owner read/write only: the most a file holding secrets may allow. */
const PRIVATE = 0o600

/** The file-system calls the writer makes, so tests can inject short writes and failing disks. */
export interface WriterFs {
  open(path: string, flags: string, mode: number): Promise<WriterHandle>
  rename(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
}

export interface WriterHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>
  sync(): Promise<void>
  chmod(mode: number): Promise<void>
  chown(uid: number, gid: number): Promise<void>
  close(): Promise<void>
}

const nodeFs: WriterFs = fs

/**
 * Replaces `path` with `text` atomically (SPEC §1): a temp file in the same folder, every byte
 * written (a full disk writes short, and a short file must never replace a whole one), fsync,
 * close, rename, then fsync of the folder. The file keeps its mode but never looser than 0600,
 * and its owner. Any failure removes the temp file, leaves the original untouched, and throws a
 * `SystemError` naming the path and the OS's reason. A symlink is written through; anything but
 * a regular file in its place (a device, a FIFO) is bad input, never replaced. `text` may come in
 * pieces (a report of tens of thousands of findings), so that it is never held whole in memory.
 */
export async function writeFileAtomically(path: string, text: string | Iterable<string>, io: WriterFs = nodeFs): Promise<void> {
  assertRegularFileOrAbsent(path, 'the files it writes')
  const target = await fs.realpath(path).catch(() => path)
  const dir = dirname(target)
  await ensurePrivateDir(dir)
  const current = await fs.stat(target).catch(() => undefined)
  const mode = current ? current.mode & PRIVATE || PRIVATE : PRIVATE
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)

  let handle: WriterHandle | undefined
  try {
    handle = await io.open(temp, 'wx', mode)
    let position = 0
    for (const bytes of batches(typeof text === 'string' ? [text] : text)) position = await writeAll(handle, bytes, position)
    await handle.chmod(mode)
    if (current && process.getuid?.() === 0) await handle.chown(current.uid, current.gid)
    await handle.sync()
    const closing = handle
    handle = undefined
    await closing.close()
    await io.rename(temp, target)
  } catch (err) {
    await handle?.close().catch(() => {})
    await io.unlink(temp).catch(() => {})
    throw writeFailed(path, err, 'it was left as it was')
  }
  try {
    await fsyncDir(dir)
  } catch (err) {
    throw writeFailed(path, err, 'the new text replaced it but may not survive a power loss')
  }
}

// Pieces are gathered to about this size before a write: few syscalls, bounded memory.
const BATCH = 64 * 1024

/**
 * The pieces' bytes a batch at a time, in one buffer reused for every batch (each is written
 * whole before the next is asked for): a long report leaves no trail of buffers to collect.
 */
function* batches(pieces: Iterable<string>): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(4 * BATCH)
  const bytes = (text: string) => {
    const size = Buffer.byteLength(text, 'utf8')
    if (size > buffer.length) buffer = Buffer.allocUnsafe(Math.max(size, 2 * buffer.length))
    return buffer.subarray(0, buffer.write(text, 'utf8'))
  }
  let pending = ''
  for (const piece of pieces) {
    pending += piece
    if (pending.length >= BATCH) {
      yield bytes(pending)
      pending = ''
    }
  }
  if (pending) yield bytes(pending)
}

/**
 * Writes `bytes` at `position`; `write` may accept fewer bytes than asked (a nearly full disk):
 * keep going until all are in. Returns the position after them.
 */
export async function writeAll(handle: WriterHandle, bytes: Buffer, position: number): Promise<number> {
  let offset = 0
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset)
    if (!(bytesWritten > 0)) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'ENOSPC' })
    offset += bytesWritten
  }
  return position + offset
}

function writeFailed(path: string, err: unknown, state: string): SystemError {
  return new SystemError('WRITE_FAILED', `could not write ${path}: ${writeFailureReason(err)}; ${state}`, { cause: err })
}

// Filesystems that cannot fsync a folder say so with these; the rename itself is still atomic.
const NO_DIR_FSYNC = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF', 'EPERM', 'EACCES'])

/** A rename or unlink is durable only once the folder's entry is on disk. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined)
  if (!handle) return
  try {
    await handle.sync()
  } catch (err) {
    if (!NO_DIR_FSYNC.has((err as NodeJS.ErrnoException).code ?? '')) throw err
  } finally {
    await handle.close().catch(() => {})
  }
}
