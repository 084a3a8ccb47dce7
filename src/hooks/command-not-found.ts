import type { Hook } from '@oclif/core'

import { reportFor } from '../cli/error-report.js'
import { UsageError } from '../errors.js'

/** An unknown command is bad usage: one line, exit 2 (SPEC §0), with the commands that exist. */
const hook: Hook.CommandNotFound = async function (options) {
  const known = options.config.commands.filter((c) => !c.hidden).map((c) => c.id.replaceAll(':', ' '))
  const { message, exitCode } = reportFor(
    new UsageError('UNKNOWN_COMMAND', `unknown command "${options.id.replaceAll(':', ' ')}"; commands: ${known.sort().join(', ')} (see iamkit --help)`),
  )
  process.stderr.write(`iamkit: ${message}\n`)
  process.exit(exitCode)
}

export default hook
