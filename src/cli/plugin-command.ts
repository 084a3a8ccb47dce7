import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Command } from '@oclif/core'

/**
 * A command of an oclif plugin, served as one of iamkit's own commands: it is in iamkit's
 * manifest (help needs nothing else), and its class, with the plugin's own @oclif/core, is
 * loaded only when the command runs. Registering the plugin under "plugins" instead would make
 * every start look for it and read its files. The package exports only its entry, so the
 * command's file is found beside it (`lib/commands/<file>`).
 */
export async function pluginCommand(plugin: string, file: string): Promise<Command.Class> {
  const entry = createRequire(import.meta.url).resolve(plugin)
  const module = (await import(pathToFileURL(join(dirname(entry), 'commands', file)).href)) as { default: Command.Class }
  return module.default
}
