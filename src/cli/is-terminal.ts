import { fstatSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * Whether descriptor `fd` is a terminal, as `tty.isatty(fd)` answers, without loading node:tty for
 * the descriptors that cannot be one: a terminal is a character device, and a pipe, a file or a
 * socket never is. node:tty loads Node's net and stream modules (~3 ms of a start); only a
 * character device (a terminal, or /dev/null) needs its answer. A descriptor that is not open is
 * no terminal, as for isatty.
 */
export function isTerminal(fd: number): boolean {
  let characterDevice: boolean
  try {
    characterDevice = fstatSync(fd).isCharacterDevice()
  } catch {
    return false
  }
  return characterDevice && (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd)
}
