import type { SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import type { Clock } from '../clock.js'
import type { Reporter } from '../reporter.js'
import type { SsoConfig } from './sso-config.js'
import type { SsoToken } from './token-cache.js'

/** Whether the cache holds what a refresh needs: a refresh token and a client registration still in force. */
export function isRefreshable(token: SsoToken, now: Date): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false
  return !token.registrationExpiresAt || token.registrationExpiresAt.getTime() > now.getTime()
}

/**
 * A new access token from the refresh token (sso-oidc:CreateToken, grant refresh_token), no
 * person needed. Undefined when IAM Identity Center refuses (the refresh token expired or was
 * revoked): the caller then needs a new sign-in. Network failures are thrown, not guessed at.
 */
export async function refreshAccessToken(
  config: SsoConfig,
  token: SsoToken,
  deps: { oidc: SsoOidcGateway; clock: Clock; reporter: Reporter },
): Promise<SsoToken | undefined> {
  try {
    const fresh = await deps.oidc.createTokenWithRefreshToken({ clientId: token.clientId!, clientSecret: token.clientSecret! }, token.refreshToken!)
    deps.reporter.debug(`renewed the IAM Identity Center token for ${config.sessionName ?? config.startUrl} with its refresh token`)
    return {
      startUrl: config.startUrl,
      region: config.region,
      accessToken: fresh.accessToken,
      expiresAt: new Date(deps.clock.now().getTime() + fresh.expiresIn * 1000),
      // As botocore and the JS SDK do: the refresh token is the one the answer carries, if any.
      ...(fresh.refreshToken ? { refreshToken: fresh.refreshToken } : {}),
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      ...(token.registrationExpiresAt ? { registrationExpiresAt: token.registrationExpiresAt } : {}),
    }
  } catch (err) {
    if (!isServiceRefusal(err)) throw err
    deps.reporter.debug(`IAM Identity Center refused to renew the token with its refresh token: ${(err as Error).name}`)
    return undefined
  }
}

/** A 4xx answer from the service (invalid grant, expired token, unknown client): a refusal, not an outage. */
function isServiceRefusal(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  return status !== undefined && status >= 400 && status < 500
}
