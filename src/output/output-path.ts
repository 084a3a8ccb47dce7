import { dirname, resolve, sep } from 'node:path'

import { echo } from '../echo.js'
import { UsageError } from '../errors.js'

/**
 * Checks a file the person asked iamkit to write (`--out`, `--output`) before any work is done
 * (SPEC §0): it must name a file, in a folder that exists. iamkit never creates that folder (a
 * typo must not leave new folders behind) and never writes over a folder or a device. Returns
 * the absolute path.
 */
const quote = (path: string) => echo(path, 120)

export async function checkOutputPath(path: string, flag: string): Promise<string> {
  const shown = quote(path)
  if (path.trim() === '') throw new UsageError('BAD_OUTPUT_PATH', `${flag} needs a file name`)
  if (path.includes('\0')) throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown} contains a NUL character`)
  if (path.endsWith('/') || path.endsWith(sep)) throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown} names a folder; give a file name inside it`)
  const absolute = resolve(path)
  // Loaded here, for the commands given --out/--output only: a policy printed to stdout reads no file with it.
  const { stat } = await import('node:fs/promises')
  const existing = await stat(absolute).catch(() => undefined)
  if (existing?.isDirectory()) throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown} is a folder; give a file name inside it, e.g. ${quote(`${path}${sep}report.json`)}`)
  if (existing && !existing.isFile()) {
    throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown} is not a regular file (a device or socket cannot be replaced atomically); leave ${flag} out to print to stdout`)
  }
  const folder = dirname(absolute)
  const parent = await stat(folder).catch((err: NodeJS.ErrnoException) => err)
  if (parent instanceof Error) {
    const why = parent.code === 'ENOENT' ? 'does not exist (iamkit does not create it)' : parent.code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${parent.code})`
    throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown}: the folder ${quote(folder)} ${why}`)
  }
  if (!parent.isDirectory()) throw new UsageError('BAD_OUTPUT_PATH', `${flag} ${shown}: ${quote(folder)} is not a folder`)
  return absolute
}
