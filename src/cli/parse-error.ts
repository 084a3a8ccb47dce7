import { UsageError } from '../errors.js'
import { echo } from '../echo.js'
import { nearestWord } from './nearest-word.js'

export interface ParsedCommand {
  /** `login`, `policy trust`. */
  name: string
  /** The command's flag names without dashes. */
  flags: readonly string[]
}

/**
 * oclif's parse failures, in iamkit's one wording (SPEC §0): what is wrong, and where to look.
 * oclif's own texts ("Nonexistent flag", "Parsing --x \n\tExpected an integer…", "The following
 * error occurred: Missing required flag x") are recognised by their fixed phrasing; anything
 * unrecognised keeps oclif's words on one line. Undefined when `err` is not a parse failure.
 */
export function parseErrorAsUsage(err: unknown, command: ParsedCommand): UsageError | undefined {
  if (!(err instanceof Error)) return undefined
  // A flag's own parse function may throw iamkit's UsageError; oclif then prefixes "Parsing --x".
  const flagParse = /^Parsing --[\w-]+ \n\t/.test(err.message)
  if ((err as { oclif?: { exit?: number } }).oclif?.exit !== 2 && !flagParse) return undefined
  const text = err.message.replace(/\nSee more help with --help\s*$/, '')
  const help = `(see iamkit ${command.name} --help)`
  const say = (message: string) => new UsageError('USAGE', `${message} ${help}`, { cause: err })

  const nonexistent = /^Nonexistent flags?: (.+)$/.exec(text)
  if (nonexistent) {
    const flags = nonexistent[1]!.split(', ')
    const first = flags[0]!.replace(/=.*$/, '')
    const near = first.startsWith('--') ? nearestWord(first.slice(2), command.flags) : undefined
    const suggestion = near ? `; did you mean --${near}?` : ''
    return say(`unknown flag${flags.length > 1 ? 's' : ''} ${flags.map((f) => echo(f)).join(', ')} for iamkit ${command.name}${suggestion}`)
  }
  const unexpected = /^Unexpected arguments?: (.+)$/.exec(text)
  if (unexpected) return say(`unexpected argument ${unexpected[1]!.split(', ').map((a) => echo(a)).join(', ')}`)
  const missingArgs = /^Missing \d+ required args?:\n(.+)/s.exec(text)
  if (missingArgs) {
    const names = missingArgs[1]!.split('\n').map((line) => line.trim().split(/\s+/)[0]!.toUpperCase()).filter(Boolean)
    return say(`missing ${names.join(' and ')}: iamkit ${command.name} ${names.join(' ')}`)
  }
  const option = /^Expected --([\w-]+)=(.*) to be one of: (.+)$/s.exec(text)
  if (option) return say(`--${option[1]} must be one of ${option[3]}, not ${echo(option[2]!)}`)
  const parsing = /^Parsing --([\w-]+) \n\t(.+)$/s.exec(text)
  if (parsing) {
    const inner = parsing[2]!.trim()
    if (inner.startsWith(`--${parsing[1]} `)) return say(inner)
    return say(`--${parsing[1]} ${integerProblem(inner) ?? inner}`)
  }
  const needsValue = /^Flag --([\w-]+) expects (?:a value|one of these values: (.+))$/.exec(text)
  if (needsValue) return say(`--${needsValue[1]} needs a value${needsValue[2] ? ` (one of ${needsValue[2]})` : ''}`)
  const failed = /^The following errors? occurred:\s*(.+)$/s.exec(text)
  if (failed) {
    // eslint-disable-next-line no-control-regex
    const reasons = failed[1]!.replace(/\u001b\[[\d;]*m/g, '').split('\n').map((r) => r.trim()).filter(Boolean)
    return say(reasons.map((reason) => reason.replace(/^Missing required flag ([\w-]+)$/, 'missing --$1')).join('; '))
  }
  return say(text.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
}

function integerProblem(text: string): string | undefined {
  const match = /^Expected an integer(?: (greater|less) than or equal to (-?\d+))? but received: (.*)$/s.exec(text.trim())
  if (!match) return undefined
  const bound = match[1] ? ` ${match[1] === 'greater' ? 'of at least' : 'of at most'} ${match[2]}` : ''
  return `must be a whole number${bound}, not ${echo(match[3]!)}`
}
