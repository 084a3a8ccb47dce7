import type { STSClient } from '@aws-sdk/client-sts'

import type { Clock } from '../../clock.js'
import { RenewingCredentials } from '../../aws/renewing-credentials.js'
import type { Credentials } from '../../aws/switchable-credentials.js'

export interface AssumeOptions {
  /** `--org-role`: the role's name (or path/name) in every member account. */
  roleName: string
  externalId?: string
  /** The caller's partition (aws, aws-cn, aws-us-gov), from its ARN. */
  partition: string
  clock: Clock
}

export function memberRoleArn(accountId: string, options: Pick<AssumeOptions, 'roleName' | 'partition'>): string {
  return `arn:${options.partition}:iam::${accountId}:role/${options.roleName.replace(/^\/+/, '')}`
}

/**
 * sts:AssumeRole into the member account's audit role. The session lasts an hour (the most a
 * chained role session may), and is assumed again shortly before it expires.
 */
export async function assumeAccountRole(sts: STSClient, accountId: string, options: AssumeOptions): Promise<RenewingCredentials> {
  const assume = () => assumeOnce(sts, accountId, options)
  return new RenewingCredentials(await assume(), assume, options.clock)
}

async function assumeOnce(sts: STSClient, accountId: string, options: AssumeOptions): Promise<Credentials> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: memberRoleArn(accountId, options),
      RoleSessionName: 'iamkit-audit',
      DurationSeconds: 3600,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    }),
  )
  const c = out.Credentials
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('sts:AssumeRole answered without credentials')
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration }
}
