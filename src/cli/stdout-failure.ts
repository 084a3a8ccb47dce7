import { writeFailureReason } from '../write-failure-reason.js'

/**
 * Ends the process when a write to stdout failed other than by EPIPE (a full disk, an I/O error):
 * the command cannot have printed what it says it did, so it stops with one line and exit 1
 * (SPEC §0), where oclif's own listener would throw the error as an uncaught exception with a
 * stack trace and a line of its bundled source. EPIPE (the reader is gone: `| head`) is left to
 * oclif, which ignores it. Registered on process.stdout by the door before oclif loads, so it runs
 * first.
 */
export function stopOnStdoutFailure(err: NodeJS.ErrnoException): void {
  if (err?.code === 'EPIPE') return
  process.stderr.write(`iamkit: could not write to standard output: ${writeFailureReason(err)}\n`)
  process.exit(1)
}
