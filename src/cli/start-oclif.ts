import { execute } from '@oclif/core'

import { helpOfHelpArgv } from './help-of-help.js'
import { silentOclifLogger } from './oclif-logger.js'

/**
 * Every command that is not on the fast path: oclif parses, helps, and runs it. `root` is the
 * folder holding iamkit's package.json. Without DEBUG oclif's debug lines go nowhere at once.
 */
export async function startOclif(argv: readonly string[], root: string): Promise<void> {
  await execute({ args: [...helpOfHelpArgv(argv)], loadOptions: process.env.DEBUG ? root : { root, logger: silentOclifLogger() } })
}
