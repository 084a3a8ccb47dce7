import { FindingsError, IncompleteResultError } from '../errors.js'
import { redact } from '../redact.js'
import { reportFor } from './error-report.js'

/**
 * Ends a failed command the way SPEC §0 says: one redacted line on stderr (or, with --json,
 * `{"error":{code,message}}` on stdout), a stack trace only with --debug. Returns the exit
 * code. Shared by the oclif base command and bin/run.js's fast path.
 */
export function reportFailure(err: unknown, options: { json: boolean; debug: boolean }): number {
  const report = reportFor(err)
  if (options.debug && err instanceof Error && err.stack) process.stderr.write(`${redact(err.stack)}\n`)
  // A verdict on a result already printed (audit's exit 3): stdout keeps its one document.
  if (options.json && !(err instanceof FindingsError || err instanceof IncompleteResultError)) writeJson({ error: { code: report.code, message: report.message } })
  else process.stderr.write(`iamkit: ${report.message}\n`)
  return report.exitCode
}

/** iamkit's one JSON document on stdout. */
export function writeJson(json: unknown): void {
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
}
