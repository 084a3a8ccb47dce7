import { toIamkitError } from '../to-iamkit-error.js'
import { redact } from '../redact.js'

export interface ErrorReport {
  exitCode: number
  code: string
  message: string
}

/**
 * The one place that decides how a failure ends the process (SPEC §0): its exit code, its
 * machine-readable code and its single, redacted line of text.
 */
export function reportFor(err: unknown): ErrorReport {
  const typed = toIamkitError(err)
  const message = redact(firstLine(typed.message))
  return { exitCode: typed.exitCode, code: typed.code, message }
}

function firstLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
