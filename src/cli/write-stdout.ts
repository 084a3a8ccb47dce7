import { writeSync } from 'node:fs'

/**
 * Writes `text` to standard output with write(2) on descriptor 1, normally in one call. Reading
 * `process.stdout` would build a stream (a net.Socket for a pipe, which is how the AWS CLI and
 * SDKs run credential_process), and loading that machinery costs the fast path more than its
 * whole work. A full non-blocking pipe (EAGAIN) hands the rest to `process.stdout`, which waits
 * for room; any other failure (EPIPE: the reader is gone) is thrown, so the command fails.
 */
export async function writeStdout(text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8')
  const written = writeWhileRoom(1, bytes)
  if (written === bytes.length) return
  const rest = bytes.subarray(written)
  await new Promise<void>((resolve, reject) => process.stdout.write(rest, (failed) => (failed ? reject(failed) : resolve())))
}

/**
 * write(2) of every byte of `bytes` to `fd`, going on after short writes. Returns how many were
 * written before a non-blocking descriptor had no room (EAGAIN: the caller hands the rest to
 * something that can wait), else all of them; any other failure is thrown.
 */
export function writeWhileRoom(fd: number, bytes: Uint8Array, write: typeof writeSync = writeSync): number {
  let written = 0
  try {
    while (written < bytes.length) written += write(fd, bytes, written)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
  }
  return written
}
