import { UsageError } from '../errors.js'
import { echo } from '../echo.js'

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
  if (flag) return assertEndpointUrl(flag, '--endpoint-url')
  if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined
  if (profileSettings.ignore_configured_endpoint_urls?.toLowerCase() === 'true') return undefined
  const variable = SERVICE_ENV[service]
  if (process.env[variable]) return assertEndpointUrl(process.env[variable], variable)
  if (process.env.AWS_ENDPOINT_URL) return assertEndpointUrl(process.env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL')
  if (profileSettings.endpoint_url) return assertEndpointUrl(profileSettings.endpoint_url, "the profile's endpoint_url")
  return undefined
}

/**
 * An endpoint is `http(s)://host[:port][/path]` and nothing else (SPEC §0): other schemes
 * (`file:`, `javascript:`), credentials in the URL, queries and fragments are bad input, named
 * with where they came from, before any call is made.
 */
export function assertEndpointUrl(value: string, origin: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  const wellFormed =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.hostname.length <= 253 &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !/[\s?#]/.test(value)
  if (!wellFormed) {
    // Whatever sits before an "@" may be a password: never echo it.
    const shown = value.replace(/\/\/[^/@]*@/, '//…@')
    throw new UsageError('BAD_ENDPOINT_URL', `${origin} ${echo(shown)} is not an endpoint URL of the form http(s)://host[:port][/path], e.g. http://127.0.0.1:5000`)
  }
  return value
}

/** Checks, before the first call, every endpoint the flag, the environment or the profile sets. */
export function assertEndpointsWellFormed(flag: string | undefined, profileSettings: Record<string, string> = {}): void {
  if (flag !== undefined) assertEndpointUrl(flag, '--endpoint-url')
  for (const service of Object.keys(SERVICE_ENV) as AwsService[]) resolveEndpoint(service, flag, profileSettings)
}
