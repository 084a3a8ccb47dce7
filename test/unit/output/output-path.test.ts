import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { checkOutputPath } from '../../../src/output/output-path.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-out-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

async function refusal(path: string) {
  return reportFor(await checkOutputPath(path, '--out').catch((e) => e))
}

describe('checkOutputPath', () => {
  it('accepts a new or existing regular file, or a link to one, in a folder that exists', async () => {
    expect(await checkOutputPath(join(dir, 'new.json'), '--out')).toBe(join(dir, 'new.json'))
    await writeFile(join(dir, 'old.json'), '{}')
    expect(await checkOutputPath(join(dir, 'old.json'), '--out')).toBe(join(dir, 'old.json'))
    await symlink(join(dir, 'old.json'), join(dir, 'link.json'))
    expect(await checkOutputPath(join(dir, 'link.json'), '--out')).toBe(join(dir, 'link.json'))
  })

  it('refuses a folder, with or without a trailing slash', async () => {
    expect(await refusal(dir)).toMatchObject({ exitCode: 2, code: 'BAD_OUTPUT_PATH', message: expect.stringMatching(/is a folder; give a file name inside it/) })
    expect(await refusal(`${dir}/`)).toMatchObject({ exitCode: 2, message: expect.stringMatching(/names a folder/) })
  })

  it('refuses a path whose folder does not exist, and creates nothing', async () => {
    const report = await refusal(join(dir, 'missing', 'deeper', 'x.json'))
    expect(report).toMatchObject({ exitCode: 2, message: `--out "${join(dir, 'missing', 'deeper', 'x.json')}": the folder "${join(dir, 'missing', 'deeper')}" does not exist (iamkit does not create it)` })
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a path under a file, a device, an empty name and a NUL', async () => {
    await writeFile(join(dir, 'file'), 'x')
    expect((await refusal(join(dir, 'file', 'x.json'))).message).toMatch(/is not a folder/)
    expect((await refusal(join(dir, 'file', 'a', 'x.json'))).message).toMatch(/is not a folder/)
    expect((await refusal('/dev/null')).message).toMatch(/is not a regular file/)
    expect((await refusal('')).message).toBe('--out needs a file name')
    expect((await refusal('a\0b')).message).toMatch(/NUL/)
  })

  it('echoes a very long path cut short', async () => {
    const report = await refusal(join(dir, 'x'.repeat(5_000), 'y.json'))
    expect(report.exitCode).toBe(2)
    expect(report.message.length).toBeLessThan(400)
  })
})
