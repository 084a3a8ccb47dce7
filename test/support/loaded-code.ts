import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { IAMKIT_BIN, run, type RunResult } from './sandbox.js'

const PROBE = fileURLToPath(new URL('../fixtures/loaded-code-probe.mjs', import.meta.url))
const BUILTINS_PROBE = fileURLToPath(new URL('../fixtures/loaded-builtins-probe.cjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BUNDLE = fileURLToPath(new URL('../../dist/bundle/', import.meta.url))

export interface LoadedCode {
  result: RunResult
  /** Packages whose code the process loaded ('iamkit' for iamkit's own), bundled or not. */
  packages: Set<string>
  /** Files of AWS's IAM data that were read. */
  iamDataFiles: number
}

/**
 * Runs `iamkit ARGS` and tells which packages' code it loaded: a file in node_modules counts
 * for its package; a file of the bundle (dist/bundle/) for every package esbuild put in it,
 * as the build's dist/bundle/contents.json records. So "oclif was not loaded" means no file
 * holding any of oclif's code was read, bundled or not.
 */
export async function loadedCode(args: string[], env: NodeJS.ProcessEnv): Promise<LoadedCode> {
  const folder = await mkdtemp(join(tmpdir(), 'iamkit-probe-'))
  const log = join(folder, 'loaded.log')
  try {
    const result = await run(process.execPath, ['--import', PROBE, IAMKIT_BIN, ...args], { ...env, IAMKIT_PROBE_LOG: log })
    const contents = JSON.parse(await readFile(join(BUNDLE, 'contents.json'), 'utf8')) as Record<string, string[]>
    const lines = (await readFile(log, 'utf8').catch(() => '')).split('\n')
    const packages = new Set<string>()
    for (const line of lines.filter((l) => l.startsWith('code '))) {
      const file = fileURLToPath(line.slice(5))
      const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)
      if (inModules) packages.add(inModules[1]!)
      else if (file.startsWith(BUNDLE)) for (const name of contents[relative(BUNDLE, file)] ?? [`unknown bundle file ${file}`]) packages.add(name)
      else if (!file.startsWith(folder) && !file.includes('/test/fixtures/')) packages.add('iamkit')
    }
    return { result, packages, iamDataFiles: lines.filter((l) => l.startsWith('data ')).length }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

export interface StartupCost {
  result: RunResult
  /** CommonJS files the process loaded, relative to the repository (`bin/run.js`, `dist/bundle/main.cjs`). */
  files: string[]
  /** Node built-in modules loaded after start-up (`fs/promises`, `crypto`, `internal/modules/esm/loader`…). */
  builtins: Set<string>
  /** Whether Node's ES module loader was started: no ES module can load without it. */
  esModuleLoader: boolean
}

/**
 * Runs `iamkit ARGS` under a CommonJS preload (test/fixtures/loaded-builtins-probe.cjs) that starts
 * nothing itself, and tells which files and Node built-ins the start cost: what the fast path
 * promises (docs/sessions.md) is one or two CommonJS files, no ES module loader, and none of
 * node:fs/promises, streams or crypto for a stored session.
 */
export function startupCost(args: string[], env: NodeJS.ProcessEnv): Promise<StartupCost> {
  return startupCostOf(IAMKIT_BIN, args, env)
}

/** The same for any script (the probe's own tests). */
export async function startupCostOf(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<StartupCost> {
  const folder = await mkdtemp(join(tmpdir(), 'iamkit-probe-'))
  const log = join(folder, 'loaded.log')
  try {
    const result = await run(process.execPath, ['--require', BUILTINS_PROBE, script, ...args], { ...env, IAMKIT_PROBE_LOG: log })
    const lines = (await readFile(log, 'utf8')).split('\n')
    const files = lines.filter((l) => l.startsWith('file ')).map((l) => relative(ROOT, l.slice(5)))
    const builtins = new Set(lines.filter((l) => l.startsWith('builtin ')).map((l) => l.slice(8)))
    return { result, files, builtins, esModuleLoader: builtins.has('internal/modules/esm/loader') }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
