import { once } from 'node:events'

// Pieces are gathered to about this size before a write: fewer syscalls, bounded memory.
const BATCH = 64 * 1024

/** Writes the pieces to the stream in order, waiting whenever it asks for a pause (backpressure). */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let pending = ''
  for (const chunk of chunks) {
    pending += chunk
    if (pending.length >= BATCH) {
      const ok = stream.write(pending)
      pending = ''
      if (!ok) await once(stream, 'drain')
    }
  }
  if (pending && !stream.write(pending)) await once(stream, 'drain')
}
