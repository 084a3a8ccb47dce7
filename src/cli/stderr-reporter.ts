import { redact } from '../redact.js'
import type { Reporter } from '../reporter.js'

/** Longest debug line shown: one SDK log entry of a big answer must not flood the terminal. */
export const DEBUG_LINE_LIMIT = 2000

/** The CLI's reporter: always stderr, always redacted. */
export function stderrReporter(options: { debug: boolean }): Reporter {
  const write = (line: string) => process.stderr.write(`${line}\n`)
  return {
    info: (message) => write(redact(message)),
    warn: (message) => write(redact(`warning: ${message}`)),
    debug: (message) => {
      // Cut after redacting, so a secret is never cut in half and left partly readable.
      if (options.debug) write(capped(redact(`debug: ${message}`)))
    },
  }
}

function capped(line: string): string {
  if (line.length <= DEBUG_LINE_LIMIT) return line
  return `${line.slice(0, DEBUG_LINE_LIMIT)}… (${line.length - DEBUG_LINE_LIMIT} more characters not shown)`
}
