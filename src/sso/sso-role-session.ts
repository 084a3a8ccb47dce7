import { awsErrorName } from '../aws/aws-error.js'
import type { SsoGateway } from '../aws/sso-gateway.js'
import type { SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import type { Clock } from '../clock.js'
import { AwsError } from '../errors.js'
import type { Reporter } from '../reporter.js'
import type { SessionCredentials } from '../session/session-credentials.js'
import { type AccessTokenOptions, ssoAccessToken } from './access-token.js'
import type { SignInPerson } from './sign-in-person.js'
import { signInName, type SsoRoleConfig } from './sso-config.js'
import type { SsoTokenCache } from './token-cache.js'

/** IAM Identity Center's two services, in the region a sign-in names. */
export interface SsoServices {
  oidc(region: string): SsoOidcGateway
  portal(region: string): SsoGateway
}

/** What a command hands the SSO code: the shared token cache, the services, time, and a person if one may be asked. */
export interface SsoContext {
  cache: SsoTokenCache
  services: SsoServices
  clock: Clock
  person?: SignInPerson
}

export interface SsoRoleSessionDeps extends SsoContext {
  reporter: Reporter
}

/**
 * Calls sso:GetRoleCredentials. The caller may wrap the call, e.g. to store the session under
 * the credentials file's lock; the token (which may need a person) is got before, outside it.
 */
export type RoleCredentialsExchange<T> = (getRoleCredentials: () => Promise<SessionCredentials>) => Promise<T>

/**
 * The role session of an SSO profile: an access token (cached, renewed or signed in anew) traded
 * for the profile's account and role with sso:GetRoleCredentials. When the portal rejects a
 * cached token (signed out elsewhere, revoked), the token is renewed or signed in once more.
 */
export async function ssoRoleSession<T = SessionCredentials>(
  config: SsoRoleConfig,
  deps: SsoRoleSessionDeps,
  options: Pick<AccessTokenOptions, 'noPersonError'> & { exchange?: RoleCredentialsExchange<T> } = {},
): Promise<T> {
  const exchange = options.exchange ?? ((get: () => Promise<SessionCredentials>) => get() as Promise<T>)
  const tokenDeps = { ...deps, oidc: deps.services.oidc(config.region) }
  const portal = deps.services.portal(config.region)
  const first = await ssoAccessToken(config, tokenDeps, options)
  try {
    return await exchange(() => roleCredentials(portal, config, first.token.accessToken))
  } catch (err) {
    if (awsErrorName(err) !== 'UnauthorizedException' || first.source === 'sign-in') throw explain(err, config)
    deps.reporter.debug(`sso:GetRoleCredentials rejected the ${first.source === 'cache' ? 'cached' : 'renewed'} token for ${signInName(config)}`)
    const second = await ssoAccessToken(config, tokenDeps, { ...options, rejected: true })
    try {
      return await exchange(() => roleCredentials(portal, config, second.token.accessToken))
    } catch (again) {
      throw explain(again, config)
    }
  }
}

function roleCredentials(portal: SsoGateway, config: SsoRoleConfig, accessToken: string): Promise<SessionCredentials> {
  return portal.getRoleCredentials(accessToken, config.accountId, config.roleName)
}

function explain(err: unknown, config: SsoRoleConfig): unknown {
  const name = awsErrorName(err)
  if (name === 'UnauthorizedException') {
    return new AwsError('SSO_TOKEN_REJECTED', `sso:GetRoleCredentials: IAM Identity Center does not accept the token for ${signInName(config)}; run "iamkit login ${config.profile}" to sign in again`, { cause: err })
  }
  if (name === 'ForbiddenException' || name === 'ResourceNotFoundException') {
    return new AwsError(
      'SSO_ROLE_NOT_ASSIGNED',
      `sso:GetRoleCredentials: you have no access to role ${config.roleName} in account ${config.accountId} through ${signInName(config)} (${name}); check sso_account_id and sso_role_name in profile "${config.profile}"`,
      { cause: err },
    )
  }
  return err
}
