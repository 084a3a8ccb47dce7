/**
 * What bin/run.js runs first: the fast path (credential-process, --version), answered without
 * oclif. scripts/bundle-cli.mjs builds this file and what it imports statically into ONE
 * CommonJS file (dist/bundle/main.cjs), so a stored session is served by loading two files and no
 * ES module at all. Anything else answers false, and bin/run.js starts oclif (run-oclif.ts).
 *
 * `root` is the package's folder (where package.json is): where the version is read.
 */
import { fastPath } from './fast-path.js'

export async function main(argv: readonly string[], root: string): Promise<boolean> {
  const fast = fastPath(argv, root)
  if (!fast) return false
  process.exitCode = await fast()
  return true
}
