/**
 * Where services say things to the person running iamkit. The CLI hands in one that writes
 * redacted lines to stderr (`cli/stderr-reporter.ts`), so stdout stays free for results and
 * for the one JSON document of --json; tests hand in one that records.
 */
export interface Reporter {
  info(message: string): void
  warn(message: string): void
  debug(message: string): void
}
