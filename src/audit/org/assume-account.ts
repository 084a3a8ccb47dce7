import type { STSClient } from '@aws-sdk/client-sts'

import { SwitchableCredentials } from '../../aws/switchable-credentials.js'

export interface AssumeOptions {
  /** `--org-role`: the role's name (or path/name) in every member account. */
  roleName: string
  externalId?: string
  partition: string
}

export function memberRoleArn(accountId: string, options: Pick<AssumeOptions, 'roleName' | 'partition'>): string {
  return `arn:${options.partition}:iam::${accountId}:role/${options.roleName.replace(/^\/+/, '')}`
}

/** sts:AssumeRole into the member account's audit role; the session lasts an hour. */
export async function assumeAccountRole(sts: STSClient, accountId: string, options: AssumeOptions): Promise<SwitchableCredentials> {
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
  return new SwitchableCredentials({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration })
}
