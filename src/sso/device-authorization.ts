import { awsErrorName } from '../aws/aws-error.js'
import type { SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import type { Clock } from '../clock.js'
import { AwsError } from '../errors.js'
import type { Reporter } from '../reporter.js'
import { clientRegistration } from './client-registration.js'
import type { SignInPerson } from './sign-in-person.js'
import { signInName, type SsoConfig } from './sso-config.js'
import type { SsoToken, SsoTokenCache } from './token-cache.js'

export interface DeviceAuthorizationDeps {
  cache: SsoTokenCache
  oidc: SsoOidcGateway
  clock: Clock
  reporter: Reporter
  person: SignInPerson
}

/** RFC 8628: wait this much longer after each `slow_down`, and this long when no interval is given. */
const SLOW_DOWN_STEP_MS = 5_000
const DEFAULT_INTERVAL_MS = 5_000

/**
 * The OIDC device authorization flow: shows the verification URL and code on stderr (and
 * opens the browser where it can), then polls CreateToken at the service's interval, slower
 * after each `slow_down`, until the person approves, denies, or the code expires. Nothing is
 * cached here; the caller writes the token it returns.
 */
export async function authorizeDevice(config: SsoConfig, deps: DeviceAuthorizationDeps): Promise<SsoToken> {
  const { clock, oidc, reporter } = deps
  const registration = await clientRegistration(config, deps)
  const authorization = await oidc.startDeviceAuthorization(registration, config.startUrl)
  const deadline = clock.now().getTime() + authorization.expiresIn * 1000
  const page = authorization.verificationUriComplete ?? authorization.verificationUri

  reporter.info(`To sign in to IAM Identity Center (${signInName(config)}), open ${authorization.verificationUri} and enter the code ${authorization.userCode}`)
  if (authorization.verificationUriComplete) reporter.info(`  (or open ${authorization.verificationUriComplete} , which fills in the code)`)
  if (deps.person.openUrl && (await deps.person.openUrl(page))) reporter.info('Opened the sign-in page in your browser.')
  reporter.info(`Waiting for you to approve code ${authorization.userCode} (it expires at ${new Date(deadline).toISOString()})…`)

  let interval = authorization.interval !== undefined ? authorization.interval * 1000 : DEFAULT_INTERVAL_MS
  for (;;) {
    try {
      const token = await oidc.createTokenWithDeviceCode(registration, authorization.deviceCode)
      return {
        startUrl: config.startUrl,
        region: config.region,
        accessToken: token.accessToken,
        expiresAt: new Date(clock.now().getTime() + token.expiresIn * 1000),
        ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        registrationExpiresAt: registration.expiresAt,
      }
    } catch (err) {
      const name = awsErrorName(err)
      if (name === 'SlowDownException') interval += SLOW_DOWN_STEP_MS
      else if (name === 'ExpiredTokenException') throw expired(config, authorization.userCode, err)
      else if (name === 'AccessDeniedException') {
        throw new AwsError('SSO_SIGN_IN_DENIED', `the sign-in with code ${authorization.userCode} was denied; nothing was written. Run "iamkit login ${config.profile}" to try again`, { cause: err })
      } else if (name !== 'AuthorizationPendingException') throw err
    }
    // The service says when the code expires; iamkit stops there even if the service would go on saying "pending".
    const left = deadline - clock.now().getTime()
    if (left <= 0) throw expired(config, authorization.userCode)
    await clock.sleep(Math.min(interval, left))
  }
}

function expired(config: SsoConfig, userCode: string, cause?: unknown): AwsError {
  return new AwsError(
    'SSO_SIGN_IN_EXPIRED',
    `the sign-in code ${userCode} expired before it was approved; nothing was written. Run "iamkit login ${config.profile}" to get a new code`,
    cause ? { cause } : undefined,
  )
}
