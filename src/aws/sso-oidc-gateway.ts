import { AwsError } from '../errors.js'
import { registerSecret } from '../redact.js'
import type { AwsClients } from './clients.js'

export interface ClientRegistration {
  clientId: string
  clientSecret: string
  /** When IAM Identity Center stops accepting this client (and its refresh tokens). */
  expiresAt: Date
  scopes?: string[]
}

export interface DeviceAuthorization {
  deviceCode: string
  userCode: string
  verificationUri: string
  verificationUriComplete?: string
  /** Seconds the device code stays valid. */
  expiresIn: number
  /** Seconds to wait between CreateToken polls, when the service says. */
  interval?: number
}

export interface OidcToken {
  accessToken: string
  /** Seconds the access token stays valid. */
  expiresIn: number
  refreshToken?: string
}

/**
 * The IAM Identity Center OIDC calls (sso-oidc) of the device authorization flow, in the
 * region the sso-session names. These calls are unsigned: the client secret is the proof.
 */
export class SsoOidcGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly region: string,
  ) {}

  async registerClient(clientName: string, scopes: string[] | undefined): Promise<ClientRegistration> {
    const { RegisterClientCommand } = await import('@aws-sdk/client-sso-oidc')
    const out = await (await this.client()).send(new RegisterClientCommand({ clientName, clientType: 'public', ...(scopes?.length ? { scopes } : {}) }))
    if (!out.clientId || !out.clientSecret || out.clientSecretExpiresAt === undefined) throw new AwsError('INCOMPLETE_ANSWER', 'sso-oidc:RegisterClient answered without a client id, secret and expiry')
    registerSecret(out.clientSecret)
    return { clientId: out.clientId, clientSecret: out.clientSecret, expiresAt: new Date(out.clientSecretExpiresAt * 1000), ...(scopes?.length ? { scopes } : {}) }
  }

  async startDeviceAuthorization(registration: ClientRegistration, startUrl: string): Promise<DeviceAuthorization> {
    const { StartDeviceAuthorizationCommand } = await import('@aws-sdk/client-sso-oidc')
    const out = await (await this.client()).send(
      new StartDeviceAuthorizationCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl }),
    )
    if (!out.deviceCode || !out.userCode || !out.verificationUri || out.expiresIn === undefined) {
      throw new AwsError('INCOMPLETE_ANSWER', 'sso-oidc:StartDeviceAuthorization answered without a device code, user code, URL and expiry')
    }
    registerSecret(out.deviceCode)
    return {
      deviceCode: out.deviceCode,
      userCode: out.userCode,
      verificationUri: out.verificationUri,
      ...(out.verificationUriComplete ? { verificationUriComplete: out.verificationUriComplete } : {}),
      expiresIn: out.expiresIn,
      ...(out.interval !== undefined ? { interval: out.interval } : {}),
    }
  }

  /** One poll of the device flow: a token once the person approved, else the service's error. */
  async createTokenWithDeviceCode(registration: ClientRegistration, deviceCode: string): Promise<OidcToken> {
    return this.createToken({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode,
    })
  }

  /** A new access token for a refresh token, without a person. */
  async createTokenWithRefreshToken(client: { clientId: string; clientSecret: string }, refreshToken: string): Promise<OidcToken> {
    return this.createToken({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken })
  }

  private async createToken(input: { clientId: string; clientSecret: string; grantType: string; deviceCode?: string; refreshToken?: string }): Promise<OidcToken> {
    const { CreateTokenCommand } = await import('@aws-sdk/client-sso-oidc')
    const out = await (await this.client()).send(new CreateTokenCommand(input))
    if (!out.accessToken || out.expiresIn === undefined) throw new AwsError('INCOMPLETE_ANSWER', 'sso-oidc:CreateToken answered without an access token and its lifetime')
    registerSecret(out.accessToken)
    registerSecret(out.refreshToken)
    return { accessToken: out.accessToken, expiresIn: out.expiresIn, ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}) }
  }

  private client() {
    return this.clients.ssoOidc(this.region)
  }
}
