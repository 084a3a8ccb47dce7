import { AwsError } from '../errors.js'
import { registerSecret } from '../redact.js'
import type { SessionCredentials } from '../session/session-credentials.js'
import type { AwsClients } from './clients.js'

/** The IAM Identity Center portal call that turns an access token into a role session. */
export class SsoGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly region: string,
  ) {}

  async getRoleCredentials(accessToken: string, accountId: string, roleName: string): Promise<SessionCredentials> {
    const { GetRoleCredentialsCommand } = await import('@aws-sdk/client-sso')
    const out = await (await this.clients.sso(this.region)).send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }))
    const c = out.roleCredentials
    if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
      throw new AwsError('INCOMPLETE_ANSWER', 'sso:GetRoleCredentials answered without complete credentials')
    }
    registerSecret(c.secretAccessKey)
    registerSecret(c.sessionToken)
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: new Date(c.expiration) }
  }
}
