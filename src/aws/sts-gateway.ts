import { registerSecret } from '../redact.js'
import type { AwsClients } from './clients.js'
import type { Credentials, SwitchableCredentials } from './switchable-credentials.js'
import type { SessionCredentials } from '../session/session-credentials.js'

export interface CallerIdentity {
  account: string
  arn: string
  userId: string
}

export interface SessionTokenRequest {
  durationSeconds?: number
  serialNumber?: string
  tokenCode?: string
}

export interface AssumeRoleRequest {
  roleArn: string
  roleSessionName: string
  externalId?: string
  durationSeconds?: number
}

export interface FederationTokenRequest {
  /** The federated user's name (2–32 of `[\w+=,.@-]`), shown in CloudTrail and the console. */
  name: string
  durationSeconds?: number
  /** Session policies: the session may do only what these and the user's own policies both allow. */
  policy?: string
  policyArns?: string[]
}

/**
 * The STS calls iamkit makes, each signed with the credentials it is given. One STS client
 * serves them all: the gateway points the client's switchable identity at `as` before a call.
 */
export class StsGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly identity: SwitchableCredentials,
  ) {}

  async getCallerIdentity(as: Credentials): Promise<CallerIdentity> {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
    const out = await (await this.signedAs(as)).send(new GetCallerIdentityCommand({}))
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' }
  }

  async getSessionToken(as: Credentials, request: SessionTokenRequest): Promise<SessionCredentials> {
    const { GetSessionTokenCommand } = await import('@aws-sdk/client-sts')
    const out = await (await this.signedAs(as)).send(
      new GetSessionTokenCommand({
        DurationSeconds: request.durationSeconds,
        SerialNumber: request.serialNumber,
        TokenCode: request.tokenCode,
      }),
    )
    return toSession(out.Credentials)
  }

  async assumeRole(as: Credentials, request: AssumeRoleRequest): Promise<SessionCredentials> {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
    const out = await (await this.signedAs(as)).send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        ExternalId: request.externalId,
        DurationSeconds: request.durationSeconds,
      }),
    )
    return toSession(out.Credentials)
  }

  /** A federated session for the console, signed with an IAM user's long-term key (STS refuses session keys here). */
  async getFederationToken(as: Credentials, request: FederationTokenRequest): Promise<SessionCredentials> {
    const { GetFederationTokenCommand } = await import('@aws-sdk/client-sts')
    const out = await (await this.signedAs(as)).send(
      new GetFederationTokenCommand({
        Name: request.name,
        DurationSeconds: request.durationSeconds,
        Policy: request.policy,
        ...(request.policyArns?.length ? { PolicyArns: request.policyArns.map((arn) => ({ arn })) } : {}),
      }),
    )
    return toSession(out.Credentials)
  }

  private async signedAs(as: Credentials) {
    const client = await this.clients.sts()
    this.identity.use(as)
    return client
  }
}

function toSession(credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined): SessionCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
    throw new Error('STS answered without complete credentials')
  }
  registerSecret(credentials.SecretAccessKey)
  registerSecret(credentials.SessionToken)
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  }
}
