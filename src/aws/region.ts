/** IAM and STS's global endpoint live in us-east-1; a missing region is not an error (SPEC §0). */
export const DEFAULT_REGION = 'us-east-1'

/**
 * The region, by the AWS CLI's precedence: flag, AWS_REGION, AWS_DEFAULT_REGION, the
 * profile's `region`, then the default. (The JS SDK alone ignores AWS_DEFAULT_REGION.)
 */
export function resolveRegion(flag: string | undefined, profileSettings: Record<string, string> = {}): string {
  return flag || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || profileSettings.region || DEFAULT_REGION
}
