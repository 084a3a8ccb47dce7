import { fileURLToPath } from 'node:url'

import { type CodeCacheUse, probeCodeCache, requireWithCodeCache, writeCodeCache } from './code-cache.js'
import { installDirectStdio } from './direct-stdio.js'
import { stopOnStdoutFailure } from './stdout-failure.js'

/**
 * The door to oclif's side of the CLI, which is one CommonJS file beside this one
 * (dist/bundle/oclif.cjs, scripts/bundle-cli.mjs) loaded with its V8 code cache.
 */
const OCLIF_SIDE = fileURLToPath(new URL('./oclif.cjs', import.meta.url))
/**
 * iamkit's code, in rooms: the policy writers, policy mfa-required, user and trust (policy.cjs), and
 * every other command and the hook (iamkit.cjs). oclif.cjs loads a room, with its own code cache,
 * when oclif first loads one of its commands.
 */
const IAMKIT_ROOM = fileURLToPath(new URL('./iamkit.cjs', import.meta.url))
const POLICY_ROOM = fileURLToPath(new URL('./policy.cjs', import.meta.url))
/** The AWS SDK as oclif's side uses it, one CommonJS file with its own code cache, loaded by a room when a command first needs it. */
const AWS_SIDE = fileURLToPath(new URL('./aws.cjs', import.meta.url))

interface OclifSide {
  startOclif(argv: readonly string[], root: string): Promise<void>
}

/** Runs `iamkit ARGV` through oclif; `root` is the folder holding iamkit's package.json. */
export async function runOclif(argv: readonly string[], root: string): Promise<void> {
  // Before oclif loads: it reads process.stdout and process.stderr as it does (direct-stdio.ts).
  installDirectStdio()
  process.stdout.on('error', stopOnStdoutFailure)
  await (requireWithCodeCache(OCLIF_SIDE) as OclifSide).startOclif(argv, root)
}

/** One run of the CLI for the code cache, and the exit code it must end with. */
export interface TrainingRun {
  argv: readonly string[]
  exitCode: number
}

/**
 * Builds the code caches of oclif.cjs and the rooms, or of aws.cjs (scripts/train-code-cache.mjs), from the runs
 * given: what they compile is what later starts find compiled. A run ending otherwise than
 * expected fails it.
 */
export function writeOclifCodeCache(root: string, runs: readonly TrainingRun[], caches: 'oclif.cjs' | 'aws.cjs'): Promise<string[]> {
  // As a start does, so that the cache holds the code a start runs.
  installDirectStdio()
  const keep = (file: string) => (caches === 'oclif.cjs' ? [OCLIF_SIDE, IAMKIT_ROOM, POLICY_ROOM].includes(file) : file === AWS_SIDE)
  return writeCodeCache(OCLIF_SIDE, async (side) => {
    for (const run of runs) {
      await (side as OclifSide).startOclif(run.argv, root)
      const exitCode = Number(process.exitCode ?? 0)
      if (exitCode !== run.exitCode) throw new Error(`iamkit ${run.argv.join(' ')} ended with exit code ${exitCode}, not ${run.exitCode}`)
      process.exitCode = undefined
    }
  }, keep)
}

/** Whether this Node would use the code caches of oclif.cjs, the rooms and aws.cjs (test/integration/bundle.test.ts). */
export function probeOclifCodeCache(): { oclif: CodeCacheUse; iamkit: CodeCacheUse; policy: CodeCacheUse; aws: CodeCacheUse } {
  return { oclif: probeCodeCache(OCLIF_SIDE), iamkit: probeCodeCache(IAMKIT_ROOM), policy: probeCodeCache(POLICY_ROOM), aws: probeCodeCache(AWS_SIDE) }
}
