/**
 * iamkit's typed errors. Each kind carries the exit code of SPEC §0, so the mapping from
 * failure to exit status lives here and in `cli/base-command.ts` only.
 */
export abstract class IamkitError extends Error {
  abstract readonly exitCode: number

  /** A stable, machine-readable code for `{"error":{"code","message"}}`. */
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** Bad input or usage: the user can fix it by changing the command or a file. Exit 2. */
export class UsageError extends IamkitError {
  readonly exitCode = 2
}

/** AWS refused or failed (network, AccessDenied, throttled past retries). Exit 1. */
export class AwsError extends IamkitError {
  readonly exitCode = 1
}

/** The local system failed (disk, lock, a child process). Exit 1. */
export class SystemError extends IamkitError {
  readonly exitCode = 1
}

/** `audit` found what `--fail-on` asked it to fail on. Exit 3. */
export class FindingsError extends IamkitError {
  readonly exitCode = 3
}

/** The person stopped iamkit at a prompt (Ctrl+C). Exit 130, as shells report SIGINT. */
export class CancelledError extends IamkitError {
  readonly exitCode = 130
}

/** The program `exec` was asked to run does not exist (127) or cannot be run (126), as shells say. */
export class CommandNotRunError extends IamkitError {
  constructor(
    code: 'COMMAND_NOT_FOUND' | 'COMMAND_NOT_EXECUTABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options)
    this.exitCode = code === 'COMMAND_NOT_FOUND' ? 127 : 126
  }

  readonly exitCode: number
}

/**
 * The command printed its result, but the result rests on data that could not be read (an
 * audit without the credential report): exit 1, said on stderr, stdout keeps its one document.
 */
export class IncompleteResultError extends IamkitError {
  readonly exitCode = 1
}
