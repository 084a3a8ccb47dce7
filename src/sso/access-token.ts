import type { SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import type { Clock } from '../clock.js'
import { UsageError } from '../errors.js'
import type { Reporter } from '../reporter.js'
import { authorizeDevice } from './device-authorization.js'
import type { SignInPerson } from './sign-in-person.js'
import { signInName, type SsoConfig } from './sso-config.js'
import type { CachedSsoToken, SsoToken, SsoTokenCache } from './token-cache.js'
import { isRefreshable, refreshAccessToken } from './token-refresh.js'

export interface AccessTokenDeps {
  cache: SsoTokenCache
  oidc: SsoOidcGateway
  clock: Clock
  reporter: Reporter
  /** Present only where a person may be asked to approve a new sign-in. */
  person?: SignInPerson
}

export interface AccessTokenOptions {
  /** The service rejected the cached token: do not use it as it is. */
  rejected?: boolean
  /** The error for "a new sign-in is needed and no person is there"; a usage error (exit 2) by default. */
  noPersonError?: (message: string) => Error
}

export interface AccessToken {
  token: SsoToken
  /** How it was obtained: the cache as it was, renewed with the refresh token, or a new sign-in. */
  source: 'cache' | 'refresh' | 'sign-in'
}

/** A cached token is used as it is while it has this long to live; closer to expiry it is renewed first (the JS SDK's window). */
export const TOKEN_RENEW_WINDOW_MS = 5 * 60 * 1000

/**
 * The access token for an IAM Identity Center sign-in, by the AWS tools' order: a cached
 * token with time left; one renewed with its refresh token (under the token's lock, so that
 * concurrent processes renew once); the cached one while it is still valid if renewal failed;
 * and only then, with a person there, the device authorization flow. Every new token is
 * written to the shared cache, where the AWS CLI and SDKs find it.
 */
export async function ssoAccessToken(config: SsoConfig, deps: AccessTokenDeps, options: AccessTokenOptions = {}): Promise<AccessToken> {
  const now = () => deps.clock.now().getTime()
  const cached = sameSignIn(config, await deps.cache.read(config))
  if (cached && !options.rejected && cached.expiresAt.getTime() - now() > TOKEN_RENEW_WINDOW_MS) return { token: cached, source: 'cache' }

  if (cached && isRefreshable(cached, deps.clock.now())) {
    const renewed = await deps.cache.withLock(config, async () => {
      // Another process may have renewed it while this one waited for the lock.
      const current = sameSignIn(config, await deps.cache.read(config))
      if (current && current.accessToken !== cached.accessToken && current.expiresAt.getTime() - now() > TOKEN_RENEW_WINDOW_MS) return current
      const base = current ?? cached
      if (!isRefreshable(base, deps.clock.now())) return undefined
      const next = await refreshAccessToken(config, base, deps)
      if (next) await deps.cache.write(config, next, base.others)
      return next
    }, (line) => deps.reporter.info(line))
    if (renewed) return { token: renewed, source: 'refresh' }
  }

  if (cached && !options.rejected && cached.expiresAt.getTime() > now()) return { token: cached, source: 'cache' }

  if (!deps.person) {
    const state = options.rejected ? 'IAM Identity Center no longer accepts it' : cached ? `it expired at ${cached.expiresAt.toISOString()}` : 'none is cached'
    const message = `a new IAM Identity Center sign-in is needed for ${signInName(config)} (${state}); run "iamkit login ${config.profile}" on a terminal`
    throw (options.noPersonError ?? ((m: string) => new UsageError('SSO_SIGN_IN_NEEDED', m)))(message)
  }
  const token = await authorizeDevice(config, { ...deps, person: deps.person })
  await deps.cache.write(config, token)
  return { token, source: 'sign-in' }
}

/** A cached token for another start URL (the sso-session was re-pointed) is no token for this one. */
function sameSignIn(config: SsoConfig, token: CachedSsoToken | undefined): CachedSsoToken | undefined {
  if (!token) return undefined
  return token.startUrl && token.startUrl !== config.startUrl ? undefined : token
}
