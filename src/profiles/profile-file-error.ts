import { UsageError } from '../errors.js'

/** A profile file that botocore would reject, or that iamkit cannot read: path and line. */
export class ProfileFileError extends UsageError {
  constructor(path: string, line: number | undefined, problem: string) {
    super('MALFORMED_PROFILE_FILE', `${path}${line ? `:${line}` : ''}: ${problem}`)
  }
}
