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
  let written = 0
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
    const rest = bytes.subarray(written)
    await new Promise<void>((resolve, reject) => process.stdout.write(rest, (failed) => (failed ? reject(failed) : resolve())))
  }
}
