import { fromAwsSdkError, isAwsSdkError } from './aws/aws-error.js'
import { CancelledError, IamkitError, SystemError, UsageError } from './errors.js'

/** Any failure as one of iamkit's typed errors, as the process would report it. */
export function toIamkitError(err: unknown): IamkitError {
  if (err instanceof IamkitError) return err
  // @inquirer's answer to Ctrl+C at a prompt.
  if (err instanceof Error && err.name === 'ExitPromptError') return new CancelledError('CANCELLED', 'cancelled at the prompt; nothing was changed')
  if (isOclifUsageError(err)) return new UsageError('USAGE', `${oclifMessage(err)} (see --help)`)
  if (isAwsSdkError(err)) return fromAwsSdkError(err)
  if (isNodeSystemError(err)) return new SystemError(err.code, err.message, { cause: err })
  const message = err instanceof Error ? err.message : String(err)
  return new SystemError('UNEXPECTED', `unexpected error: ${message} (run again with --debug for details)`, { cause: err })
}

// oclif marks its parse failures (unknown flag, missing argument, bad option) with exit 2.
function isOclifUsageError(err: unknown): err is Error & { oclif: { exit: number } } {
  return err instanceof Error && (err as { oclif?: { exit?: number } }).oclif?.exit === 2
}

function oclifMessage(err: Error): string {
  return err.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('See more help'))
    .join(' ')
}

function isNodeSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'syscall' in err
}
