import { echo } from '../echo.js'
import { UsageError } from '../errors.js'

// sts:AssumeRole's ExternalId: 2 to 1,224 characters of letters, digits and +=,.@:/-.
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
// An IAM role name (1–64 of letters, digits and +=,.@_-), optionally under a path (a/b/Name).
const ROLE_PATH_AND_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/

/** An external id as STS accepts it, or bad input naming the flag (before any call). */
export function assertExternalId(value: string, flag = '--external-id'): string {
  if (!EXTERNAL_ID.test(value)) throw new UsageError('USAGE', `${flag} must be 2 to 1224 characters of letters, digits and +=,.@:/-, not ${echo(value)}`)
  return value
}

/** A role's name (or path/name) as IAM allows it, or bad input naming the flag. */
export function assertRoleName(value: string, flag: string): string {
  if (value.length > 512 || !ROLE_PATH_AND_NAME.test(value)) {
    throw new UsageError('USAGE', `${flag} must be an IAM role name (letters, digits and +=,.@_-, at most 64), optionally with a path, not ${echo(value)}`)
  }
  return value
}
