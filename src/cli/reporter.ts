import { redact } from './redact.js'

/**
 * Where services say things to the person running iamkit: always stderr, always redacted,
 * so stdout stays free for results (and for the one JSON document of --json).
 */
export interface Reporter {
  info(message: string): void
  warn(message: string): void
  debug(message: string): void
}

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
