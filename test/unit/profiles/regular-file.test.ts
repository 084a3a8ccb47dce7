import { spawnSync } from 'node:child_process'
import { lstat, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { writeFileAtomically } from '../../../src/profiles/atomic-write.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { assertRegularFileOrAbsent, readRegularFile } from '../../../src/profiles/regular-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-regular-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** What `read` throws (the reads are synchronous). */
function thrown(read: () => unknown): unknown {
  try {
    read()
  } catch (err) {
    return err
  }
  throw new Error('expected the read to throw')
}

/** A device node of the test's own (root: a copy of /dev/null's numbers), never the system's. */
async function device(): Promise<string | undefined> {
  const path = join(dir, 'null')
  if (process.getuid?.() === 0 && spawnSync('mknod', [path, 'c', '1', '3']).status === 0) return path
  return undefined
}

describe('regular files only', () => {
  it('reads a regular file, and a missing one as absent', async () => {
    await writeFile(join(dir, 'f'), 'x')
    expect(readRegularFile(join(dir, 'f'), 'a test file')?.toString()).toBe('x')
    expect(readRegularFile(join(dir, 'missing'), 'a test file')).toBeUndefined()
    assertRegularFileOrAbsent(join(dir, 'missing'), 'a test file')
  })

  it('refuses a FIFO at once instead of blocking on it, for reading and writing', async () => {
    const fifo = join(dir, 'fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const started = Date.now()
    const report = reportFor(thrown(() => readRegularFile(fifo, 'the credentials file')))
    expect(report).toEqual({ exitCode: 2, code: 'NOT_A_REGULAR_FILE', message: `${fifo} is a named pipe (FIFO), not a regular file; iamkit uses the credentials file only as a regular file: point it at one` })
    expect(reportFor(await writeFileAtomically(fifo, 'x').catch((e) => e)).code).toBe('NOT_A_REGULAR_FILE')
    expect(Date.now() - started).toBeLessThan(1_000)
    expect((await lstat(fifo)).isFIFO()).toBe(true)
  })

  it('refuses a folder, and a symlink to a device, naming what it is', async () => {
    await mkdir(join(dir, 'folder'))
    expect(reportFor(thrown(() => readRegularFile(join(dir, 'folder'), 'x'))).message).toContain('is a directory, not a regular file')
    await symlink('/dev/null', join(dir, 'link'))
    expect(reportFor(thrown(() => readRegularFile(join(dir, 'link'), 'x'))).message).toContain(`${join(dir, 'link')} is a symbolic link to a character device, not a regular file`)
  })

  it.runIf(process.getuid?.() === 0)('as root, a device as the credentials file is never replaced and gets no lock beside it', async () => {
    const node = (await device())!
    const store = new ProfileStore({ credentials: node, config: join(dir, 'config') })
    expect(reportFor(await store.read().catch((e) => e)).code).toBe('NOT_A_REGULAR_FILE')
    const report = reportFor(await store.updateCredentials((doc) => doc.set('x-sts', 'k', 'v')).catch((e) => e))
    expect(report).toMatchObject({ exitCode: 2, code: 'NOT_A_REGULAR_FILE' })
    expect(report.message).toContain(`${node} is a character device, not a regular file`)
    expect((await stat(node)).isCharacterDevice()).toBe(true)
    expect(await readdir(dir)).toEqual(['null'])
  })
})
