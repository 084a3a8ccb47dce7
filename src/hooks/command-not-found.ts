import type { Hook } from '@oclif/core'

import { reportFor } from '../cli/error-report.js'
import { UsageError } from '../errors.js'

/** An unknown command is bad usage: one line, exit 2 (SPEC §0), with the commands that exist. */
const hook: Hook.CommandNotFound = async function (options) {
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const { message, exitCode } = reportFor(
    new UsageError('UNKNOWN_COMMAND', `unknown command "${unknownWords(options.id, ids)}"; commands: ${ids.map(spaced).sort().join(', ')} (see iamkit --help)`),
  )
  process.stderr.write(`iamkit: ${message}\n`)
  process.exit(exitCode)
}

/** oclif joins every argument into the id; keep the words up to the first that matches nothing. */
function unknownWords(id: string, commandIds: string[]): string {
  const words = id.split(':')
  for (let i = 1; i <= words.length; i++) {
    const prefix = words.slice(0, i).join(':')
    if (!commandIds.some((c) => c === prefix || c.startsWith(`${prefix}:`))) return spaced(prefix)
  }
  return spaced(id)
}

const spaced = (id: string) => id.replaceAll(':', ' ')

export default hook
