import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, type Stats, statSync } from 'node:fs'

import { UsageError } from '../errors.js'

/**
 * iamkit reads and writes its files (profile files, journals, vaults, `--out` targets) only as
 * regular files, after following symlinks (SPEC §1). `/dev/null` as the credentials file (a CI
 * idiom) would otherwise be replaced by a regular file on the first write, and a FIFO would make
 * the read block forever. Anything else is bad input naming what it is: exit 2, nothing touched.
 *
 * Synchronous on purpose: these are a few small local files, read before anything else can run,
 * and `node:fs/promises` (with the stream and readline modules it loads) costs credential-process
 * more start-up time than the reads themselves (docs/sessions.md, "Start-up").
 */

/** Throws unless `path` is a regular file (through any symlink) or does not exist. */
export function assertRegularFileOrAbsent(path: string, what: string): void {
  let stats: Stats
  try {
    stats = statSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return
    throw err
  }
  if (!stats.isFile()) throw notRegular(path, what, stats)
}

/**
 * The bytes of `path`, or undefined when it does not exist. Opened without blocking, so a FIFO
 * is refused instead of waited on; checked on the open descriptor, so nothing is swapped in between.
 */
export function readRegularFile(path: string, what: string): Buffer | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw notRegular(path, what, stats)
    return readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}

function notRegular(path: string, what: string, stats: Stats): UsageError {
  let link = false
  try {
    link = lstatSync(path).isSymbolicLink()
  } catch {
    // Gone meanwhile: name what was opened.
  }
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
