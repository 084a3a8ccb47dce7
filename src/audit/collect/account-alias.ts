import type { IAMClient } from '@aws-sdk/client-iam'

/** iam:ListAccountAliases: the account's name for the report (an account has at most one alias). */
export async function collectAccountAlias(iam: IAMClient): Promise<string | null> {
  const { ListAccountAliasesCommand } = await import('@aws-sdk/client-iam')
  const out = await iam.send(new ListAccountAliasesCommand({}))
  return out.AccountAliases?.[0] ?? null
}
