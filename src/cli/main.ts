/**
 * What bin/run.js runs: the fast path (credential-process with a stored session, --version)
 * without oclif, everything else through oclif. Bundled by scripts/bundle-cli.mjs, so oclif is
 * one chunk read only when needed, and each command's code is its own chunk.
 */
import { fastPath } from './fast-path.js'

export async function main(argv: readonly string[], binUrl: string): Promise<void> {
  const fast = fastPath(argv)
  if (fast) {
    process.exitCode = await fast()
    return
  }
  const { runOclif } = await import('./run-oclif.js')
  await runOclif(argv, binUrl)
}
