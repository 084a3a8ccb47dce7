import { echo } from '../echo.js'
import { UsageError } from '../errors.js'

/** IAM and STS's global endpoint live in us-east-1; a missing region is not an error (SPEC §0). */
export const DEFAULT_REGION = 'us-east-1'

// AWS's region names: a geography, one or more words, a number (us-east-1, us-gov-west-1,
// cn-northwest-1, us-isob-east-1, eusc-de-east-1).
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/

/**
 * The region, by the AWS CLI's precedence: flag, AWS_REGION, AWS_DEFAULT_REGION, the
 * profile's `region`, then the default. (The JS SDK alone ignores AWS_DEFAULT_REGION.) A value
 * that is not a region name is bad input, named with where it came from.
 */
export function resolveRegion(flag: string | undefined, profileSettings: Record<string, string> = {}): string {
  const candidates: [string | undefined, string][] = [
    [process.env.AWS_REGION, 'AWS_REGION'],
    [process.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'],
    [profileSettings.region, 'the profile\'s region'],
  ]
  // An empty --region is a mistake; an empty variable is just unset.
  if (flag !== undefined) return assertRegion(flag, '--region')
  for (const [value, origin] of candidates) if (value) return assertRegion(value, origin)
  return DEFAULT_REGION
}

export function assertRegion(value: string, origin: string): string {
  if (!REGION.test(value)) {
    throw new UsageError('BAD_REGION', `${origin} ${echo(value)} is not an AWS region name such as us-east-1 or eu-west-2`)
  }
  return value
}
