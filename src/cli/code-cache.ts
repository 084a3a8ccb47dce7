/**
 * Loads a CommonJS file of the bundle with V8's code cache for it: compiled code saved by the
 * build (scripts/train-code-cache.mjs) from a run of the CLI, so a start deserialises the functions
 * it needs instead of parsing and compiling ~1 MB of JavaScript every time. Node 20 has no
 * compile cache of its own for this (module.enableCompileCache is Node 22), hence vm.Script.
 *
 * The cache is only ever a shortcut. Its file name carries the build id written at the end of the
 * bundled file (a hash of its code, so a rebuilt file never meets an old cache), the Node version
 * and the architecture; V8 itself refuses a cache made by another V8, with other flags or for a
 * source of another length. A missing or refused cache means a normal compile, nothing else.
 *
 * A vm.Script cannot run `import()` without Node's experimental module flags, so the bundle calls
 * `module.iamkitImport(specifier)` instead (scripts/bundle-cli.mjs rewrites oclif's few dynamic
 * imports of files and checks that no other is left), which imports from here.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'

/** The last line of a bundled file that can have a code cache: `//# iamkit-build <id>`. */
const BUILD_ID = /\n\/\/# iamkit-build ([0-9a-f]{16,})\n?$/

/** What became of a file's code cache when it was compiled. */
export type CodeCacheUse = 'accepted' | 'rejected' | 'missing'

interface Compiled {
  script: Script
  cacheFile: string | undefined
  use: CodeCacheUse
}

/** Every file compiled here with a build id in this process: writeCodeCache saves each one's cache. */
const compiledHere = new Map<string, Compiled>()

/**
 * `require(file)`, with its code cache when one that fits exists. The bundle files loaded this way
 * find this function as `module.iamkitRequireWithCodeCache`, for the sibling files they load
 * (oclif.cjs → aws.cjs, once per process).
 */
export function requireWithCodeCache(file: string): unknown {
  return run(file, compile(file, true).script)
}

/** Whether `file`'s code cache would be used by this Node (compiles, runs nothing). */
export function probeCodeCache(file: string): CodeCacheUse {
  return compile(file, true).use
}

/**
 * Loads `file` without a cache, lets `exercise` run what a typical start runs, and saves the code
 * V8 compiled meanwhile as the cache of `file` and of every other bundle file the exercise loaded
 * through requireWithCodeCache (for this Node, this architecture), of those `keep` keeps. Returns the
 * cache files written.
 */
export async function writeCodeCache(file: string, exercise: (exports: unknown) => Promise<void>, keep: (file: string) => boolean = () => true): Promise<string[]> {
  const compiled = compile(file, false)
  if (!compiled.cacheFile) throw new Error(`${file} has no build id line; it was not built by scripts/bundle-cli.mjs`)
  compiledHere.clear()
  await exercise(run(file, compiled.script))
  const written: string[] = []
  for (const [compiledFile, { script, cacheFile }] of [[file, compiled] as const, ...compiledHere.entries()]) {
    if (!cacheFile || written.includes(cacheFile) || !keep(compiledFile)) continue
    const temporary = `${cacheFile}.${process.pid}.tmp`
    writeFileSync(temporary, script.createCachedData())
    renameSync(temporary, cacheFile)
    written.push(cacheFile)
  }
  return written
}

/** Where the code cache of `file` for this Node lives, given the file's build id. */
export function codeCacheFile(file: string, buildId: string): string {
  return `${file}.${buildId}.${process.version}-${process.arch}.v8cache`
}

function compile(file: string, useCache: boolean): Compiled {
  const source = readFileSync(file, 'utf8')
  const buildId = BUILD_ID.exec(source)?.[1]
  const cacheFile = buildId === undefined ? undefined : codeCacheFile(file, buildId)
  let cachedData: Buffer | undefined
  if (useCache && cacheFile) {
    try {
      cachedData = readFileSync(cacheFile)
    } catch {
      // No cache for this build and this Node: compile as usual.
    }
  }
  // Node's own CommonJS wrapper; the same text at build and at run time, or V8 refuses the cache.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData })
  const compiled: Compiled = { script, cacheFile, use: cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted' }
  if (cacheFile) compiledHere.set(file, compiled)
  return compiled
}

function run(file: string, script: Script): unknown {
  const require = createRequire(file)
  const module = new Module(file)
  module.filename = file
  Object.assign(module, { iamkitImport: (specifier: string) => import(specifier), iamkitRequireWithCodeCache: requireWithCodeCache })
  // Registered as require() would, so the command files' require('../oclif.cjs') find this one.
  require.cache[file] = module
  try {
    ;(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file))
  } catch (error) {
    delete require.cache[file]
    throw error
  }
  module.loaded = true
  return module.exports
}
