import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import type { Command } from '@oclif/core'

import { withoutStdin } from './args-without-stdin.js'

/**
 * A command of an oclif plugin, served as one of iamkit's own commands: it is in iamkit's
 * manifest (help needs nothing else), and its class, with the plugin's own @oclif/core, is
 * loaded only when the command runs. Registering the plugin under "plugins" instead would make
 * every start look for it and read its files. The package exports only its entry, so the
 * command's file is found beside it (`lib/commands/<file>`). The plugin is an ES module, taken
 * with require() (Node >= 20.19 loads ES modules without top-level await that way): oclif's side
 * of the bundle is CommonJS and requires each command when oclif loads it. Its arguments, like
 * iamkit's, are never read from stdin (args-without-stdin.ts).
 */
export function pluginCommand(plugin: string, file: string): Command.Class {
  const require = createRequire(import.meta.url)
  const entry = require.resolve(plugin)
  const command = (require(join(dirname(entry), 'commands', file)) as { default: Command.Class }).default
  command.args = withoutStdin(command.args)
  return command
}
