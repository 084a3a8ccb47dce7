import type { PolicyStatement } from '../../policy/document/model.js'
import { AWS_SERVICE_ACCOUNTS } from './aws-service-accounts.js'
import { defineRule } from './rule.js'
import { trustHits } from './trust-statements.js'

export const trustExternalAccount = defineRule({
  type: 'TRUST_EXTERNAL_ACCOUNT',
  severity: 'medium',
  title: 'Role that an account outside the organization can assume',
  remediation: 'Check that the outside account is a vendor you still use; require sts:ExternalId for vendors, and remove the trust when the relationship ended.',
  needs: ['authorization', 'organization'],
  check({ authorization, organization }, settings) {
    const inside = new Set(organization.accountIds)
    if (settings.accountId) inside.add(settings.accountId)
    const describe = (statements: PolicyStatement[]): string | null => {
      const outside = statements.flatMap((s) => accountsOf(s).map((account) => ({ account, externalId: hasExternalId(s) })))
        .filter(({ account }) => !inside.has(account) && !AWS_SERVICE_ACCOUNTS.has(account))
      const accounts = [...new Map(outside.map((o) => [o.account, o])).values()]
      if (accounts.length === 0) return null
      return `assumable from account${accounts.length > 1 ? 's' : ''} outside the organization: ${accounts.map((a) => `${a.account}${a.externalId ? ' (with sts:ExternalId)' : ''}`).join(', ')}`
    }
    return trustHits(authorization.roles, settings, describe)
  },
})

/** The account ids an AWS principal names: `123456789012` or any `arn:…:iam::123456789012:…`. */
function accountsOf(statement: PolicyStatement): string[] {
  const principal = statement.principal
  if (!principal || principal === '*') return []
  return (principal.AWS ?? []).flatMap((p) => {
    const id = /^\d{12}$/.test(p) ? p : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1]
    return id ? [id] : []
  })
}

function hasExternalId(statement: PolicyStatement): boolean {
  return statement.conditions.some((c) => c.key.toLowerCase() === 'sts:externalid' && !c.operator.endsWith('IfExists'))
}
