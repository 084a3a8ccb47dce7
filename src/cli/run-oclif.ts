import { execute } from '@oclif/core'

/** Every command that is not on the fast path: oclif parses, helps, and runs it. */
export async function runOclif(argv: readonly string[], binUrl: string): Promise<void> {
  await execute({ args: [...argv], dir: binUrl })
}
