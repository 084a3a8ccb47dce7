import { EventEmitter, once } from 'node:events'
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { directWriter } from '../../../src/cli/direct-stdio.js'
import { isTerminal } from '../../../src/cli/is-terminal.js'

const errno = (code: string) => Object.assign(new Error(code), { code })

/** write(2) as a test plans it: bytes taken per call, or an error; what was taken is kept. */
function plannedWrites(...plan: (number | NodeJS.ErrnoException)[]) {
  const taken: Buffer[] = []
  const write = ((_fd: number, buffer: Uint8Array, offset = 0) => {
    const next = plan.shift()
    if (next === undefined) throw new Error('unplanned write')
    if (typeof next !== 'number') throw next
    taken.push(Buffer.from(buffer.subarray(offset, offset + next)))
    return next
  }) as unknown as typeof import('node:fs').writeSync
  return { write, taken, text: () => Buffer.concat(taken).toString() }
}

/** Node's stream as materialise builds it: a PassThrough that records what reaches it. */
function fakeStream() {
  const stream = new PassThrough() as PassThrough & { received: string[] }
  stream.received = []
  stream.on('data', (chunk: Buffer) => stream.received.push(chunk.toString()))
  return stream
}

describe('directWriter (process.stdout and stderr without Node\'s stream, when not a terminal)', () => {
  it('writes every byte with write(2), going on after short writes, and calls back on a later tick', async () => {
    const writes = plannedWrites(2, 3, 1)
    let built = 0
    const out = directWriter(1, () => {
      built++
      return fakeStream() as unknown as NodeJS.WriteStream
    }, writes.write)
    let calledBack: unknown = 'not yet'
    expect(out.write('héllo', (err) => (calledBack = err))).toBe(true)
    expect({ text: writes.text(), calledBack }).toEqual({ text: 'héllo', calledBack: 'not yet' })
    await new Promise((resolve) => process.nextTick(resolve))
    expect({ calledBack, built }).toEqual({ calledBack: null, built: 0 })
  })

  it('answers what a stream that is not a terminal says of itself without building it', () => {
    let built = 0
    const out = directWriter(2, () => {
      built++
      return fakeStream() as unknown as NodeJS.WriteStream
    }, plannedWrites().write)
    expect({ fd: (out as unknown as { fd: number }).fd, isTTY: out.isTTY, columns: out.columns, writable: out.writable, built }).toEqual({ fd: 2, isTTY: undefined, columns: undefined, writable: true, built: 0 })
  })

  it('reports a failed write (EPIPE, ENOSPC) to the callback and as an error event, and returns false', async () => {
    const out = directWriter(1, () => fakeStream() as unknown as NodeJS.WriteStream, plannedWrites(errno('ENOSPC')).write)
    const failures: unknown[] = []
    out.on('error', (err) => failures.push(['event', (err as NodeJS.ErrnoException).code]))
    expect(out.write('x', (err) => failures.push(['callback', (err as NodeJS.ErrnoException).code]))).toBe(false)
    expect(failures).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(failures).toEqual([['callback', 'ENOSPC'], ['event', 'ENOSPC']])
  })

  it('a failed write with no error listener is an uncaught error, as for the stream (a command cannot end as if it had printed)', async () => {
    const out = directWriter(1, () => fakeStream() as unknown as NodeJS.WriteStream, plannedWrites(errno('EPIPE')).write)
    const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve))
    out.write('x')
    await expect(uncaught).resolves.toMatchObject({ code: 'EPIPE' })
  })

  it('hands the rest to the stream when a non-blocking pipe is full (EAGAIN), and keeps to it after', async () => {
    const writes = plannedWrites(3, errno('EAGAIN'))
    const stream = fakeStream()
    const out = directWriter(1, () => stream as unknown as NodeJS.WriteStream, writes.write)
    out.write('abcdef')
    out.write('gh')
    await new Promise((resolve) => setImmediate(resolve))
    expect({ direct: writes.text(), stream: stream.received.join('') }).toEqual({ direct: 'abc', stream: 'defgh' })
  })

  it('builds the stream for anything else, moves its listeners there (once stays once), and hands everything to it', async () => {
    const stream = fakeStream()
    const out = directWriter(1, () => stream as unknown as NodeJS.WriteStream, plannedWrites(2).write)
    const heard: string[] = []
    out.on('custom', () => heard.push('on'))
    out.once('custom', () => heard.push('once'))
    out.write('ab')
    expect(out.writableLength).toBe(0) // not a member of the writer: the stream answers
    stream.emit('custom')
    stream.emit('custom')
    out.write('cd')
    out.emit('custom')
    await new Promise((resolve) => setImmediate(resolve))
    expect({ heard, stream: stream.received.join(''), listeners: stream.listenerCount('custom') }).toEqual({ heard: ['on', 'once', 'on', 'on'], stream: 'cd', listeners: 1 })
  })

  it('lets its write be swapped and put back (oclif\'s spinner does), and chains on() as a stream does', () => {
    const writes = plannedWrites(1, 1)
    const out = directWriter(1, () => fakeStream() as unknown as NodeJS.WriteStream, writes.write)
    const original = out.write
    const swapped: string[] = []
    out.write = ((chunk: string) => swapped.push(chunk) > 0) as typeof out.write
    out.write('a')
    out.write = original
    out.write('b')
    expect({ swapped, direct: writes.text(), chained: out.on('x', () => {}) === out }).toEqual({ swapped: ['a'], direct: 'b', chained: true })
  })

  it('waits like a stream: events.once(drain) and an error listener work without building it', async () => {
    const out = directWriter(1, () => {
      throw new Error('built')
    }, plannedWrites(errno('EIO')).write)
    const drained = once(out as unknown as EventEmitter, 'drain')
    expect(out.write('x')).toBe(false)
    await expect(drained).rejects.toMatchObject({ code: 'EIO' })
  })
})

describe('isTerminal', () => {
  // A terminal's true is shown through a pseudo-terminal in test/integration/startup-path.test.ts.
  it('is false for a file, /dev/null and a descriptor that is not open, as tty.isatty says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamkit-is-terminal-'))
    const file = openSync(join(dir, 'f'), 'w')
    const devNull = openSync('/dev/null', 'w')
    try {
      expect({ file: isTerminal(file), devNull: isTerminal(devNull), closed: isTerminal(9999) }).toEqual({ file: false, devNull: false, closed: false })
    } finally {
      closeSync(file)
      closeSync(devNull)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
