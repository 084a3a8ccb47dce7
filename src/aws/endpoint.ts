export type AwsService = 'iam' | 'sts' | 'cloudtrail' | 'sso' | 'sso-oidc' | 'organizations' | 'accessanalyzer'

const SERVICE_ENV: Record<AwsService, string> = {
  iam: 'AWS_ENDPOINT_URL_IAM',
  sts: 'AWS_ENDPOINT_URL_STS',
  cloudtrail: 'AWS_ENDPOINT_URL_CLOUDTRAIL',
  // IAM Identity Center: the portal (GetRoleCredentials) and its OIDC service (device flow).
  sso: 'AWS_ENDPOINT_URL_SSO',
  'sso-oidc': 'AWS_ENDPOINT_URL_SSO_OIDC',
  organizations: 'AWS_ENDPOINT_URL_ORGANIZATIONS',
  accessanalyzer: 'AWS_ENDPOINT_URL_ACCESSANALYZER',
}

/**
 * The endpoint for one service, by the SDKs' configured-endpoint rules: the flag, then the
 * service's variable, the global variable, the profile's `endpoint_url`. The SDK reads the
 * profile only for AWS_PROFILE, and iamkit works on named profiles, so it resolves this itself.
 * Undefined means "AWS's own endpoint for the region".
 */
export function resolveEndpoint(
  service: AwsService,
  flag: string | undefined,
  profileSettings: Record<string, string> = {},
): string | undefined {
  if (flag) return flag
  if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined
  if (profileSettings.ignore_configured_endpoint_urls?.toLowerCase() === 'true') return undefined
  return process.env[SERVICE_ENV[service]] || process.env.AWS_ENDPOINT_URL || profileSettings.endpoint_url || undefined
}
