import { constants, type Stats } from 'node:fs'
import { lstat, open, stat } from 'node:fs/promises'

import { UsageError } from '../errors.js'

/**
 * iamkit reads and writes its files (profile files, journals, vaults, `--out` targets) only as
 * regular files, after following symlinks (SPEC §1). `/dev/null` as the credentials file (a CI
 * idiom) would otherwise be replaced by a regular file on the first write, and a FIFO would make
 * the read block forever. Anything else is bad input naming what it is: exit 2, nothing touched.
 */

/** Throws unless `path` is a regular file (through any symlink) or does not exist. */
export async function assertRegularFileOrAbsent(path: string, what: string): Promise<void> {
  const stats = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined
    throw err
  })
  if (stats && !stats.isFile()) throw await notRegular(path, what, stats)
}

/**
 * The bytes of `path`, or undefined when it does not exist. Opened without blocking, so a FIFO
 * is refused instead of waited on; checked on the open handle, so nothing is swapped in between.
 */
export async function readRegularFile(path: string, what: string): Promise<Buffer | undefined> {
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw await notRegular(path, what, stats)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

async function notRegular(path: string, what: string, stats: Stats): Promise<UsageError> {
  const link = await lstat(path).then((l) => l.isSymbolicLink(), () => false)
  const kind = kindOf(stats)
  return new UsageError('NOT_A_REGULAR_FILE', `${path} is ${link ? `a symbolic link to ${kind}` : kind}, not a regular file; iamkit uses ${what} only as a regular file: point it at one`)
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isSocket()) return 'a socket'
  return 'not a file'
}
