import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../../src/cli/error-report.js'
import { SpillFile } from '../../../../src/audit/spill/spill-file.js'
import type { WriterFs, WriterHandle } from '../../../../src/profiles/atomic-write.js'

let parent: string
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'iamkit-spill-test-'))
})
afterEach(() => rm(parent, { recursive: true, force: true }))

// Records with texts that need escaping, several KB each so runs span many writes and reads.
const records = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, detail: `line\n"${i}" — ünïcode ${'x'.repeat(i % 7 === 0 ? 5000 : 40)}`, via: [`${i}`] }))

/** Real files, the handle's write replaced: how a nearly full or failing disk looks to the writer. */
function faultyFs(write: (real: WriterHandle, buffer: Uint8Array, offset: number, length: number, position: number) => Promise<{ bytesWritten: number }>): WriterFs {
  return {
    async open(path, flags, mode) {
      const real = await fs.open(path, flags, mode)
      return { write: (b, o, l, p) => write(real, b, o, l, p), sync: () => real.sync(), chmod: (m) => real.chmod(m), chown: (u, g) => real.chown(u, g), close: () => real.close() }
    },
    rename: fs.rename,
    unlink: fs.unlink,
  }
}

describe('SpillFile', () => {
  it('keeps runs appended side by side and reads each back whole and in order, in a private folder it removes', async () => {
    const spill = await SpillFile.create({ parent })
    expect(statSync(spill.dir).mode & 0o777).toBe(0o700)
    expect(statSync(spill.path).mode & 0o777).toBe(0o600)
    const [a, b, empty] = await Promise.all([spill.append(records(300, 'a')), spill.append(records(200, 'b')), spill.append([])])
    expect([a!.records, b!.records, empty!.records]).toEqual([300, 200, 0])
    // Small blocks: records cut across reads.
    expect([...spill.read(b!, 4096)]).toEqual(records(200, 'b'))
    expect([...spill.read(a!)]).toEqual(records(300, 'a'))
    expect([...spill.read(empty!)]).toEqual([])
    await spill.remove()
    expect(existsSync(spill.dir)).toBe(false)
    expect(process.listenerCount('SIGTERM')).toBe(0)
  })

  it('writes every byte when the disk takes a few hundred bytes per call', async () => {
    const spill = await SpillFile.create({ parent, io: faultyFs((real, buffer, offset, length, position) => real.write(buffer, offset, Math.min(length, 333), position)) })
    const run = await spill.append(records(100, 'short'))
    expect([...spill.read(run)]).toEqual(records(100, 'short'))
    await spill.remove()
  })

  it.each([
    ['the disk takes no more bytes', async () => ({ bytesWritten: 0 })],
    ['the write fails with ENOSPC', async () => Promise.reject(Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' }))],
  ])('fails closed when %s: the append, every later append and every read', async (_, fault) => {
    let budget = 20_000
    const spill = await SpillFile.create({
      parent,
      io: faultyFs(async (real, buffer, offset, length, position) => {
        if (budget <= 0) return fault()
        const result = await real.write(buffer, offset, Math.min(length, budget), position)
        budget -= result.bytesWritten
        return result
      }),
    })
    const first = await spill.append(records(5, 'fits'))
    const failed = await spill.append(records(300, 'big')).catch((err: unknown) => err)
    const report = reportFor(failed)
    expect(report).toMatchObject({ exitCode: 1, code: 'SPILL_WRITE' })
    expect(report.message).toMatch(/no space left on device \(ENOSPC\); no report was written/)
    await expect(spill.append(records(1, 'after'))).rejects.toMatchObject({ code: 'SPILL_WRITE' })
    expect(() => [...spill.read(first)]).toThrow(/no space left on device/)
    await spill.remove()
    expect(existsSync(spill.dir)).toBe(false)
  })

  it('refuses a run that is not on disk whole: cut short, or changed', async () => {
    const spill = await SpillFile.create({ parent })
    const run = await spill.append(records(50, 'r'))
    await truncate(spill.path, run.bytes - 10)
    expect(() => spill.assertWhole()).toThrow(/could not be read back whole \(it holds \d+ of the \d+ bytes written\)/)
    expect(() => [...spill.read(run)]).toThrow(/could not be read back whole \(it ended 10 bytes early\)/)
    const again = await spill.append(records(3, 's'))
    const text = await fs.readFile(spill.path, 'utf8')
    // One record's line ending lost: two records become one line that is not JSON.
    await writeFile(spill.path, text.slice(0, again.start) + text.slice(again.start).replace('\n', ' '))
    expect(() => [...spill.read(again)]).toThrow(/SPILL_READ|not the JSON written|whole record/)
    try {
      ;[...spill.read(again)]
    } catch (err) {
      expect(reportFor(err)).toMatchObject({ exitCode: 1, code: 'SPILL_READ' })
    }
    await spill.remove()
  })

  it('says where it could not make its folder', async () => {
    const notAFolder = join(parent, 'file')
    await writeFile(notAFolder, '')
    const err = await SpillFile.create({ parent: notAFolder }).catch((e: unknown) => e)
    expect(reportFor(err)).toMatchObject({ exitCode: 1, code: 'SPILL_WRITE' })
    expect(reportFor(err).message).toContain(notAFolder)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('is removed when the process is stopped by %s, which still stops it', async (signal) => {
    // The built module (npm run build), in a process of its own.
    const module = fileURLToPath(new URL('../../../../dist/audit/spill/spill-file.js', import.meta.url))
    const child = spawn(process.execPath, ['--input-type=module', '-e', `const { SpillFile } = await import(${JSON.stringify(module)}); const s = await SpillFile.create({ parent: ${JSON.stringify(parent)} }); await s.append([{ a: 1 }]); console.log(s.dir); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] })
    const dir = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
    expect(existsSync(join(dir, 'findings.ndjson'))).toBe(true)
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)))
    child.kill(signal)
    expect(await exited).toBe(signal)
    expect(existsSync(dir)).toBe(false)
  })

  it('is removed when the process exits without removing it', async () => {
    const module = fileURLToPath(new URL('../../../../dist/audit/spill/spill-file.js', import.meta.url))
    const child = spawn(process.execPath, ['--input-type=module', '-e', `const { SpillFile } = await import(${JSON.stringify(module)}); const s = await SpillFile.create({ parent: ${JSON.stringify(parent)} }); console.log(s.dir); process.exitCode = 1`], { stdio: ['ignore', 'pipe', 'inherit'] })
    const dir = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
    await new Promise((resolve) => child.once('exit', resolve))
    expect(existsSync(dir)).toBe(false)
  })
})
