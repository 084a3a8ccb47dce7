import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { codeCacheFile, probeCodeCache, requireWithCodeCache, writeCodeCache } from '../../../src/cli/code-cache.js'

/**
 * The loader of oclif's side of the bundle (src/cli/code-cache.ts): a cache is a shortcut that
 * never changes what runs. These files are small stand-ins for dist/bundle/oclif.cjs, which
 * test/integration/bundle.test.ts checks as built.
 */
describe('code cache loader', () => {
  let folder: string
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'iamkit-code-cache-'))
  })
  afterEach(() => rm(folder, { recursive: true, force: true }))

  const ID = '0123456789abcdef0123456789abcdef'
  const bundled = async (name: string, body: string, id: string | null = ID) => {
    const file = join(folder, name)
    await writeFile(file, `${body}\n${id ? `//# iamkit-build ${id}\n` : ''}`)
    return file
  }
  const BODY = 'let calls = 0; exports.twice = (n) => { calls++; return n * 2 }; exports.calls = () => calls; exports.where = __filename'

  it('writes the cache a run compiled, and a later load uses it and runs the same code', async () => {
    const file = await bundled('side.cjs', BODY)
    expect(probeCodeCache(file)).toBe('missing')
    const written = await writeCodeCache(file, async (side) => {
      expect((side as { twice(n: number): number }).twice(2)).toBe(4)
    })
    expect(written).toEqual([codeCacheFile(file, ID)])
    expect(written[0]).toContain(`${process.version}-${process.arch}`)
    expect(probeCodeCache(file)).toBe('accepted')
    const side = requireWithCodeCache(file) as { twice(n: number): number; calls(): number; where: string }
    expect({ result: side.twice(21), calls: side.calls(), where: side.where }).toEqual({ result: 42, calls: 1, where: file })
  })

  it('compiles as usual when V8 refuses the cache (another source, or not a cache at all)', async () => {
    const file = await bundled('side.cjs', BODY)
    await writeFile(codeCacheFile(file, ID), Buffer.from('not a code cache, whatever its length'))
    expect(probeCodeCache(file)).toBe('rejected')
    expect((requireWithCodeCache(file) as { twice(n: number): number }).twice(5)).toBe(10)
  })

  it('never takes the cache of another build: the build id names it', async () => {
    const file = await bundled('side.cjs', BODY)
    await writeCodeCache(file, async () => {})
    const other = 'fedcba9876543210fedcba9876543210'
    await writeFile(file, `${BODY.replace('n * 2', 'n * 3')}\n//# iamkit-build ${other}\n`)
    expect(probeCodeCache(file)).toBe('missing')
    expect((requireWithCodeCache(file) as { twice(n: number): number }).twice(5)).toBe(15)
  })

  it('loads a file without a build id without any cache, and refuses to write one for it', async () => {
    const file = await bundled('plain.cjs', BODY, null)
    expect(probeCodeCache(file)).toBe('missing')
    expect((requireWithCodeCache(file) as { twice(n: number): number }).twice(1)).toBe(2)
    await expect(writeCodeCache(file, async () => {})).rejects.toThrow(/no build id line/)
  })

  it('is what require() of the same file returns afterwards (the command files take their module from it)', async () => {
    const file = await bundled('side.cjs', BODY)
    const side = requireWithCodeCache(file)
    expect(createRequire(file)(file)).toBe(side)
  })

  // oclif.cjs loads aws.cjs (the SDK) through module.iamkitRequireWithCodeCache; both caches come from one training.
  it('gives the file the loader itself for its siblings, and writes the cache of each file the runs loaded that keep keeps', async () => {
    const sibling = await bundled('sibling.cjs', 'exports.three = () => 3')
    const file = await bundled('main.cjs', `exports.sibling = () => module.iamkitRequireWithCodeCache(${JSON.stringify(sibling)}).three()`)
    const exercise = async (side: unknown) => {
      expect((side as { sibling(): number }).sibling()).toBe(3)
    }
    expect(await writeCodeCache(file, exercise)).toEqual([codeCacheFile(file, ID), codeCacheFile(sibling, ID)])
    expect({ main: probeCodeCache(file), sibling: probeCodeCache(sibling) }).toEqual({ main: 'accepted', sibling: 'accepted' })
    await rm(codeCacheFile(file, ID))
    await rm(codeCacheFile(sibling, ID))
    expect(await writeCodeCache(file, exercise, (compiled) => compiled === sibling)).toEqual([codeCacheFile(sibling, ID)])
    expect({ main: probeCodeCache(file), sibling: probeCodeCache(sibling) }).toEqual({ main: 'missing', sibling: 'accepted' })
  })

  it('gives the file an import of its own, since a vm.Script has none', async () => {
    await writeFile(join(folder, 'target.mjs'), 'export const answer = 42\n')
    const file = await bundled('importer.cjs', "exports.load = () => module.iamkitImport(require('node:url').pathToFileURL(__dirname + '/target.mjs').href)")
    const side = requireWithCodeCache(file) as { load(): Promise<{ answer: number }> }
    expect((await side.load()).answer).toBe(42)
  })

  it('forgets a file whose top level throws, so the next require() tries again', async () => {
    const file = await bundled('broken.cjs', "throw new Error('broken at load')")
    expect(() => requireWithCodeCache(file)).toThrow('broken at load')
    expect(createRequire(file).cache[file]).toBeUndefined()
    expect(await readFile(file, 'utf8')).toContain('broken at load')
  })
})
