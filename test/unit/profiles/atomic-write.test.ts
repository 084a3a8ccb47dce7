import { chmod, lstat, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { writeFileAtomically, type WriterFs, type WriterHandle } from '../../../src/profiles/atomic-write.js'

let dir: string
let file: string
const ORIGINAL = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\n'.repeat(50)
const NEXT = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0002\n'.repeat(60)

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-write-'))
  file = join(dir, 'credentials')
  await writeFile(file, ORIGINAL, { mode: 0o600 })
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${syscall}`), { code, syscall })
}

/** Real files, with one handle method replaced: how a failing disk looks to the writer. */
function faultyFs(fault: Partial<Record<keyof WriterHandle, (real: WriterHandle, ...args: never[]) => Promise<unknown>>>, rename?: WriterFs['rename']): WriterFs {
  return {
    async open(path, flags, mode) {
      const real = await fs.open(path, flags, mode)
      const handle: WriterHandle = {
        write: (...args) => (fault.write ? (fault.write as Function)(real, ...args) : real.write(...args)),
        sync: () => (fault.sync ? (fault.sync as Function)(real) : real.sync()),
        chmod: (mode) => real.chmod(mode),
        chown: (uid, gid) => real.chown(uid, gid),
        close: () => (fault.close ? (fault.close as Function)(real) : real.close()),
      }
      return handle
    },
    rename: rename ?? fs.rename,
    unlink: fs.unlink,
  }
}

async function expectUntouched(err: unknown, reason: RegExp) {
  const report = reportFor(err)
  expect(report.exitCode).toBe(1)
  expect(report.code).toBe('WRITE_FAILED')
  expect(report.message).toContain(file)
  expect(report.message).toMatch(reason)
  expect(await readFile(file, 'utf8')).toBe(ORIGINAL)
  expect(await readdir(dir)).toEqual(['credentials'])
}

describe('writeFileAtomically', () => {
  it('writes every byte when the disk accepts a few bytes per call', async () => {
    const written: number[] = []
    const io = faultyFs({
      write: async (real, buffer: Uint8Array, offset: number, length: number, position: number) => {
        const { bytesWritten } = await real.write(buffer, offset, Math.min(length, 7), position)
        written.push(bytesWritten)
        return { bytesWritten }
      },
    })
    await writeFileAtomically(file, NEXT, io)
    expect(await readFile(file, 'utf8')).toBe(NEXT)
    expect(written.length).toBeGreaterThan(100)
    expect(await readdir(dir)).toEqual(['credentials'])
  })

  it('writes text given in pieces (a large report) in order, each batch at its own position, never as one string', async () => {
    // Multi-byte characters across pieces and batches, and short writes inside each batch.
    const pieces = Array.from({ length: 3_000 }, (_, i) => `{"finding":${i},"detail":"é→ ${'x'.repeat(i % 97)}"}\n`)
    const writes: { length: number; position: number }[] = []
    const io = faultyFs({
      write: async (real, buffer: Uint8Array, offset: number, length: number, position: number) => {
        writes.push({ length, position })
        return real.write(buffer, offset, Math.min(length, 40_000), position)
      },
    })
    await writeFileAtomically(file, pieces, io)
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''))
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(pieces.join('').length / 2)
    expect(await readdir(dir)).toEqual(['credentials'])
  })

  it('fails with "no space left on device" when a short write is followed by ENOSPC, and keeps the original', async () => {
    let calls = 0
    const io = faultyFs({
      write: async (real, buffer: Uint8Array, offset: number, length: number, position: number) => {
        if (calls++ === 0) return real.write(buffer, offset, Math.min(length, 1024), position) // the last free bytes, then a full disk
        throw errno('ENOSPC', 'write')
      },
    })
    await expectUntouched(await writeFileAtomically(file, NEXT, io).catch((e) => e), /no space left on device \(ENOSPC\); it was left as it was/)
  })

  it('fails when the disk accepts nothing (a write of 0 bytes) instead of looping or renaming', async () => {
    const io = faultyFs({ write: async () => ({ bytesWritten: 0 }) })
    await expectUntouched(await writeFileAtomically(file, NEXT, io).catch((e) => e), /no space left on device/)
  })

  it('fails on EIO from write, fsync or close, and keeps the original', async () => {
    for (const point of ['write', 'sync', 'close'] as const) {
      const io = faultyFs({
        [point]: async (real: WriterHandle) => {
          if (point === 'close') await real.close()
          throw errno('EIO', point)
        },
      })
      await expectUntouched(await writeFileAtomically(file, NEXT, io).catch((e) => e), /input\/output error \(EIO\)/)
    }
  })

  it('fails when the rename fails, removing the temp file', async () => {
    const io = faultyFs({}, async () => {
      throw errno('EACCES', 'rename')
    })
    await expectUntouched(await writeFileAtomically(file, NEXT, io).catch((e) => e), /permission denied/)
  })

  it('keeps a stricter mode, tightens a looser one, and writes through a symlink', async () => {
    await chmod(file, 0o644)
    await writeFileAtomically(file, NEXT)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    await chmod(file, 0o400)
    await writeFileAtomically(file, ORIGINAL)
    expect((await stat(file)).mode & 0o777).toBe(0o400)
    const link = join(dir, 'link')
    await symlink(file, link)
    await writeFileAtomically(link, NEXT)
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await readlink(link)).toBe(file)
    expect(await readFile(file, 'utf8')).toBe(NEXT)
  })

  it('creates a new file 0600 even under umask 000', async () => {
    const previous = process.umask(0)
    try {
      await writeFileAtomically(join(dir, 'new'), 'x\n')
    } finally {
      process.umask(previous)
    }
    expect((await stat(join(dir, 'new'))).mode & 0o777).toBe(0o600)
  })
})
