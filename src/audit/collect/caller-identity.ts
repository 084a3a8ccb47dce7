import type { STSClient } from '@aws-sdk/client-sts'

export interface AuditCaller {
  account: string
  arn: string
}

/** sts:GetCallerIdentity: which account the audit looks at, and as whom. */
export async function collectCallerIdentity(sts: STSClient): Promise<AuditCaller> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  const out = await sts.send(new GetCallerIdentityCommand({}))
  return { account: out.Account ?? '', arn: out.Arn ?? '' }
}
