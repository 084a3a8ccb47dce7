import { daysSince } from '../age.js'
import { isKnownConditionKey } from '../../policy/document/condition-keys.js'
import type { FindingResource } from '../finding.js'
import { documentOf } from './policy-sources.js'
import { defineRule, isServiceLinkedRole, type RuleHit } from './rule.js'

interface Checked {
  resource: FindingResource
  /** e.g. `trust policy`, `inline policy ops`, `policy document`. */
  what: string
  document: string | undefined
  createdAt?: Date
}

export const invalidConditionKey = defineRule({
  type: 'INVALID_CONDITION_KEY',
  severity: 'high',
  title: 'Policy condition on a key that does not exist, so it enforces nothing',
  remediation:
    'Correct the key (e.g. aws:MultiFactorAuth → aws:MultiFactorAuthPresent); IAM accepts unknown keys silently, and a condition on a key that is never present never matches.',
  needs: ['authorization'],
  check({ authorization }, { now, includeServiceRoles }) {
    const roles = authorization.roles.filter((role) => includeServiceRoles || !isServiceLinkedRole(role))
    const checked: Checked[] = [
      ...roles.flatMap((role) => {
        const resource: FindingResource = { type: 'Role', name: role.name, arn: role.arn }
        return [
          { resource, what: 'trust policy', document: role.trustPolicy, createdAt: role.createdAt },
          ...role.inlinePolicies.map((p) => ({ resource, what: `inline policy ${p.name}`, document: p.document, createdAt: role.createdAt })),
        ]
      }),
      ...authorization.users.flatMap((user) =>
        user.inlinePolicies.map((p) => ({ resource: { type: 'User' as const, name: user.name, arn: user.arn }, what: `inline policy ${p.name}`, document: p.document, createdAt: user.createdAt })),
      ),
      ...authorization.groups.flatMap((group) =>
        group.inlinePolicies.map((p) => ({ resource: { type: 'Group' as const, name: group.name, arn: group.arn }, what: `inline policy ${p.name}`, document: p.document, createdAt: group.createdAt })),
      ),
      // AWS's own policies are AWS's to get right.
      ...authorization.policies
        .filter((p) => !p.awsManaged)
        .map((p) => ({ resource: { type: 'Policy' as const, name: p.name, arn: p.arn }, what: 'policy document', document: p.document, createdAt: p.createdAt })),
    ]
    return checked.flatMap((item): RuleHit[] => {
      const unknown = unknownKeys(item.document)
      if (unknown.length === 0) return []
      return [
        {
          resource: item.resource,
          detail: `${item.what}: condition key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} do${unknown.length > 1 ? '' : 'es'} not exist`,
          ageDays: item.createdAt ? daysSince(item.createdAt, now) : null,
          discriminator: item.what,
        },
      ]
    })
  },
})

function unknownKeys(text: string | undefined): string[] {
  const statements = documentOf(text)?.statements ?? []
  const keys = statements.flatMap((s) => s.conditions.map((c) => c.key)).filter((key) => !isKnownConditionKey(key))
  return [...new Set(keys)]
}
