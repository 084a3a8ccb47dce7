import { afterEach, describe, expect, it, vi } from 'vitest'

const writes = vi.hoisted(() => ({ calls: [] as Buffer[], plan: [] as (number | NodeJS.ErrnoException)[] }))

// write(2) on descriptor 1 as the test plans it: a number of bytes taken, or an error.
vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  writeSync: (fd: number, buffer: Buffer, offset: number) => {
    expect(fd).toBe(1)
    const next = writes.plan.shift()
    if (next === undefined || typeof next !== 'number') throw next ?? new Error('unplanned write')
    writes.calls.push(Buffer.from(buffer.subarray(offset, offset + next)))
    return next
  },
}))

const { writeStdout } = await import('../../../src/cli/write-stdout.js')

const errno = (code: string) => Object.assign(new Error(code), { code })

describe('writeStdout (the fast path prints without building process.stdout)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    writes.calls.length = 0
    writes.plan.length = 0
  })

  it('writes the whole text in one write when the descriptor takes it', async () => {
    writes.plan.push(6)
    await writeStdout('{"a":1')
    expect(writes.calls.map(String)).toEqual(['{"a":1'])
  })

  it('goes on after a short write until every byte is written', async () => {
    writes.plan.push(2, 3, 1)
    await writeStdout('héllo')
    expect(Buffer.concat(writes.calls).toString()).toBe('héllo')
  })

  it('hands the rest to process.stdout when a non-blocking pipe is full (EAGAIN), and waits for it', async () => {
    writes.plan.push(3, errno('EAGAIN'))
    const rest: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: Uint8Array, done: (err?: Error) => void) => {
      rest.push(Buffer.from(chunk).toString())
      setImmediate(() => done())
      return false
    }) as typeof process.stdout.write)
    await writeStdout('abcdef\n')
    expect({ written: writes.calls.map(String), rest }).toEqual({ written: ['abc'], rest: ['def\n'] })
  })

  it('fails on any other error (EPIPE: the reader is gone), so the command cannot exit 0', async () => {
    writes.plan.push(errno('EPIPE'))
    await expect(writeStdout('x')).rejects.toMatchObject({ code: 'EPIPE' })
  })

  it('fails when process.stdout cannot take the rest either', async () => {
    writes.plan.push(errno('EAGAIN'))
    vi.spyOn(process.stdout, 'write').mockImplementation(((_chunk: Uint8Array, done: (err?: Error) => void) => {
      setImmediate(() => done(errno('EPIPE')))
      return false
    }) as typeof process.stdout.write)
    await expect(writeStdout('x')).rejects.toMatchObject({ code: 'EPIPE' })
  })
})
