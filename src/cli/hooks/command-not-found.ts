import type { Hook } from '@oclif/core'

import { nearestWord } from '../nearest-word.js'
import { reportFailure } from '../report-failure.js'
import { UsageError } from '../../errors.js'

/**
 * An unknown command is bad usage: one line, exit 2 (SPEC §0), with the nearest command when
 * one is close ("did you mean login?") and the commands that exist.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => spaced(c.id))
  const typed = unknownWords(options.id, ids)
  // Topics too: "polcy" is nearest to "policy".
  const topics = ids.flatMap((id) => id.split(' ').slice(0, -1).map((_, i, words) => words.slice(0, i + 1).join(' ')))
  const near = nearestWord(typed, [...new Set([...ids, ...topics])])
  const suggestion = near ? `; did you mean "${near}"?` : ''
  const error = new UsageError('UNKNOWN_COMMAND', `unknown command "${typed}"${suggestion} (commands: ${ids.sort().join(', ')}; see iamkit help)`)
  // With --json the error is the one JSON document on stdout, as for every other failure.
  process.exit(reportFailure(error, { json: options.argv?.includes('--json') ?? false, debug: false }))
}

/** oclif joins every argument into the id; keep the words up to the first that matches nothing. */
function unknownWords(id: string, commands: string[]): string {
  const words = id.split(':')
  for (let i = 1; i <= words.length; i++) {
    const prefix = words.slice(0, i).join(' ')
    if (!commands.some((c) => c === prefix || c.startsWith(`${prefix} `))) return prefix
  }
  return words.join(' ')
}

const spaced = (id: string) => id.replaceAll(':', ' ')

export default hook
