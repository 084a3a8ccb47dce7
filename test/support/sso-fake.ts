import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback stand-in for IAM Identity Center's OIDC service (RegisterClient,
 * StartDeviceAuthorization, CreateToken with the device_code and refresh_token grants) and its
 * portal (GetRoleCredentials), speaking the documented restJson1 wire format that the JS SDK
 * and botocore both read. moto has neither service.
 *
 * What it does NOT prove: that the real service answers exactly like this (error bodies,
 * interval values, refresh-token rotation and lifetimes are as AWS documents them, not as
 * observed); that a real browser page approves anything; scopes, PKCE and the authorization
 * code grant are not modelled.
 */
export type PollAnswer = 'pending' | 'slow_down' | 'approve' | 'deny'

export interface SsoFakeOptions {
  startUrl: string
  /** Seconds a device code lives. */
  deviceExpiresIn?: number
  /** Seconds between polls that the service asks for. */
  interval?: number
  /** Seconds an access token lives. */
  accessTokenExpiresIn?: number
  /** Whether CreateToken hands out refresh tokens. */
  refreshTokens?: boolean
  /** The role session GetRoleCredentials returns for an assigned account and role. */
  mintRoleCredentials: (accountId: string, roleName: string) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }>
  /** `accountId/roleName` pairs the signed-in person is assigned. */
  assignments: string[]
}

interface Device {
  clientId: string
  userCode: string
  expiresAt: number
  interval: number
  lastPoll?: number
  script: PollAnswer[]
  done?: boolean
}

export interface FakeCall {
  operation: 'RegisterClient' | 'StartDeviceAuthorization' | 'CreateToken' | 'GetRoleCredentials'
  at: number
  input: Record<string, unknown>
  answer: string
}

export class SsoFake {
  readonly calls: FakeCall[] = []
  /** What the next device authorization answers to each poll; after the script: pending (so it expires). */
  nextScript: PollAnswer[] = ['approve']
  readonly accessTokens = new Map<string, { expiresAt: number; revoked: boolean }>()
  readonly refreshTokenOwners = new Map<string, string>()
  private readonly clients = new Map<string, string>()
  private readonly devices = new Map<string, Device>()

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    readonly options: Required<Omit<SsoFakeOptions, 'mintRoleCredentials' | 'assignments'>> & Pick<SsoFakeOptions, 'mintRoleCredentials' | 'assignments'>,
  ) {}

  static async start(options: SsoFakeOptions): Promise<SsoFake> {
    const settings = { deviceExpiresIn: 600, interval: 1, accessTokenExpiresIn: 3600, refreshTokens: true, ...options }
    let fake: SsoFake | undefined
    const server = createServer((req, res) => {
      fake!.handle(req, res).catch((err: Error) => send(res, 500, { message: err.message }, 'InternalServerException'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new SsoFake(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, settings)
    return fake
  }

  /**
   * A sign-in made elsewhere (by the AWS CLI, say): a registered client and the tokens
   * CreateToken would have issued it, for tests that write the cache the way another tool does.
   */
  signInElsewhere(expiresIn = this.options.accessTokenExpiresIn): { clientId: string; clientSecret: string; accessToken: string; refreshToken?: string; expiresIn: number } {
    const clientId = `client-${random()}`
    const clientSecret = `secret-${random()}${random()}`
    this.clients.set(clientId, clientSecret)
    const token = this.issueToken(clientId, expiresIn)
    return { clientId, clientSecret, accessToken: token.accessToken as string, ...(token.refreshToken ? { refreshToken: token.refreshToken as string } : {}), expiresIn }
  }

  /** Ends every access token the service issued, as signing out of the portal does. */
  revokeAll(): void {
    for (const token of this.accessTokens.values()) token.revoked = true
  }

  count(operation: FakeCall['operation'], answer?: string): number {
    return this.calls.filter((c) => c.operation === operation && (answer === undefined || c.answer === answer)).length
  }

  stop(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.endpoint)
    const body = req.method === 'POST' ? await readJson(req) : {}
    if (req.method === 'POST' && url.pathname === '/client/register') return this.registerClient(body, res)
    if (req.method === 'POST' && url.pathname === '/device_authorization') return this.startDeviceAuthorization(body, res)
    if (req.method === 'POST' && url.pathname === '/token') return this.createToken(body, res)
    if (req.method === 'GET' && url.pathname === '/federation/credentials') return this.getRoleCredentials(url, req, res)
    send(res, 404, { message: `no such operation: ${req.method} ${url.pathname}` }, 'ResourceNotFoundException')
  }

  private record(operation: FakeCall['operation'], input: Record<string, unknown>, answer: string): void {
    this.calls.push({ operation, at: Date.now(), input, answer })
  }

  private registerClient(body: Record<string, unknown>, res: ServerResponse): void {
    if (body.clientType !== 'public' || typeof body.clientName !== 'string') {
      this.record('RegisterClient', body, 'InvalidClientMetadataException')
      return oidcError(res, 400, 'InvalidClientMetadataException', 'invalid_client_metadata')
    }
    const clientId = `client-${random()}`
    const clientSecret = `secret-${random()}${random()}`
    this.clients.set(clientId, clientSecret)
    this.record('RegisterClient', body, 'ok')
    send(res, 200, { clientId, clientSecret, clientIdIssuedAt: now() / 1000, clientSecretExpiresAt: Math.floor(now() / 1000) + 90 * 86_400 })
  }

  private startDeviceAuthorization(body: Record<string, unknown>, res: ServerResponse): void {
    if (!this.knownClient(body)) {
      this.record('StartDeviceAuthorization', body, 'InvalidClientException')
      return oidcError(res, 401, 'InvalidClientException', 'invalid_client')
    }
    if (body.startUrl !== this.options.startUrl) {
      this.record('StartDeviceAuthorization', body, 'InvalidRequestException')
      return oidcError(res, 400, 'InvalidRequestException', 'invalid_request')
    }
    const deviceCode = `device-${random()}${random()}`
    const userCode = `${random().slice(0, 4)}-${random().slice(0, 4)}`.toUpperCase()
    this.devices.set(deviceCode, {
      clientId: body.clientId as string,
      userCode,
      expiresAt: now() + this.options.deviceExpiresIn * 1000,
      interval: this.options.interval,
      script: [...this.nextScript],
    })
    this.record('StartDeviceAuthorization', body, 'ok')
    send(res, 200, {
      deviceCode,
      userCode,
      verificationUri: `${this.endpoint}/start/#/device`,
      verificationUriComplete: `${this.endpoint}/start/#/device?user_code=${userCode}`,
      expiresIn: this.options.deviceExpiresIn,
      interval: this.options.interval,
    })
  }

  private createToken(body: Record<string, unknown>, res: ServerResponse): void {
    if (!this.knownClient(body)) {
      this.record('CreateToken', body, 'InvalidClientException')
      return oidcError(res, 401, 'InvalidClientException', 'invalid_client')
    }
    if (body.grantType === 'refresh_token') return this.refresh(body, res)
    if (body.grantType !== 'urn:ietf:params:oauth:grant-type:device_code') {
      this.record('CreateToken', body, 'UnsupportedGrantTypeException')
      return oidcError(res, 400, 'UnsupportedGrantTypeException', 'unsupported_grant_type')
    }
    const device = this.devices.get(body.deviceCode as string)
    const answer = (name: string, status = 400, error = '') => {
      this.record('CreateToken', body, name)
      oidcError(res, status, name, error)
    }
    if (!device || device.clientId !== body.clientId || device.done) return answer('InvalidGrantException', 400, 'invalid_grant')
    if (now() >= device.expiresAt) return answer('ExpiredTokenException', 400, 'expired_token')
    // RFC 8628 §3.5: a client that polls faster than the interval is told to slow down.
    const tooSoon = device.lastPoll !== undefined && now() - device.lastPoll < device.interval * 1000 - 150
    device.lastPoll = now()
    const scripted = tooSoon ? 'slow_down' : (device.script.shift() ?? 'pending')
    if (scripted === 'slow_down') {
      device.interval += 5
      return answer('SlowDownException', 400, 'slow_down')
    }
    if (scripted === 'pending') return answer('AuthorizationPendingException', 400, 'authorization_pending')
    device.done = true
    if (scripted === 'deny') return answer('AccessDeniedException', 400, 'access_denied')
    this.record('CreateToken', body, 'ok')
    send(res, 200, this.issueToken(device.clientId))
  }

  private refresh(body: Record<string, unknown>, res: ServerResponse): void {
    const owner = this.refreshTokenOwners.get(body.refreshToken as string)
    if (!owner || owner !== body.clientId) {
      this.record('CreateToken', body, 'InvalidGrantException')
      return oidcError(res, 400, 'InvalidGrantException', 'invalid_grant')
    }
    // Refresh tokens are single-use here: a second refresh with the same one fails.
    this.refreshTokenOwners.delete(body.refreshToken as string)
    this.record('CreateToken', body, 'refreshed')
    send(res, 200, this.issueToken(owner))
  }

  private issueToken(clientId: string, expiresIn = this.options.accessTokenExpiresIn): Record<string, unknown> {
    const accessToken = `aoa${random()}${random()}${random()}`
    this.accessTokens.set(accessToken, { expiresAt: now() + expiresIn * 1000, revoked: false })
    const out: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn }
    if (this.options.refreshTokens) {
      const refreshToken = `aor${random()}${random()}${random()}`
      this.refreshTokenOwners.set(refreshToken, clientId)
      out.refreshToken = refreshToken
    }
    return out
  }

  private async getRoleCredentials(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const accessToken = req.headers['x-amz-sso_bearer_token'] as string | undefined
    const accountId = url.searchParams.get('account_id') ?? ''
    const roleName = url.searchParams.get('role_name') ?? ''
    const input = { accessToken, accountId, roleName }
    const token = accessToken ? this.accessTokens.get(accessToken) : undefined
    if (!token || token.revoked || now() >= token.expiresAt) {
      this.record('GetRoleCredentials', input, 'UnauthorizedException')
      return send(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException')
    }
    if (!this.options.assignments.includes(`${accountId}/${roleName}`)) {
      this.record('GetRoleCredentials', input, 'ForbiddenException')
      return send(res, 403, { message: 'No access' }, 'ForbiddenException')
    }
    const minted = await this.options.mintRoleCredentials(accountId, roleName)
    this.record('GetRoleCredentials', input, 'ok')
    send(res, 200, {
      roleCredentials: {
        accessKeyId: minted.accessKeyId,
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
        expiration: minted.expiration.getTime(),
      },
    })
  }

  private knownClient(body: Record<string, unknown>): boolean {
    return typeof body.clientId === 'string' && this.clients.get(body.clientId) === body.clientSecret
  }
}

function now(): number {
  return Date.now()
}

function random(): string {
  return randomBytes(8).toString('hex')
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

function oidcError(res: ServerResponse, status: number, name: string, error: string): void {
  send(res, status, { error, error_description: name }, name)
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) })
  res.end(JSON.stringify(body))
}
