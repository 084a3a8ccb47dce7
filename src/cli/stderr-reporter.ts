import { redact } from '../redact.js'
import type { Reporter } from '../reporter.js'

/** The CLI's reporter: always stderr, always redacted. */
export function stderrReporter(options: { debug: boolean }): Reporter {
  const write = (line: string) => process.stderr.write(`${redact(line)}\n`)
  return {
    info: (message) => write(message),
    warn: (message) => write(`warning: ${message}`),
    debug: (message) => {
      if (options.debug) write(`debug: ${message}`)
    },
  }
}
