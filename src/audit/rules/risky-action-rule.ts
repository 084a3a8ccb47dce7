import { AccountPermissions } from '../account-permissions.js'
import type { AccountSources } from '../account-data.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import type { PrincipalPermissions } from '../../permissions/principal-permissions.js'
import type { RiskyAction } from '../../permissions/risky-actions.js'
import type { StatementRef } from '../../permissions/compiled-statement.js'
import type { Condition } from '../../policy/document/model.js'
import { milder, type Severity } from '../severity.js'
import { principalHit } from './principals.js'
import type { AuditSettings, RuleHit } from './rule.js'

/**
 * The hits of a rule that lists risky actions: one per principal (administrators excepted,
 * ADMIN_ACCESS covers them) that may call any of `actions` on every resource.
 */
export function riskyActionHits(
  { authorization, reference }: Pick<AccountSources, 'authorization' | 'reference'>,
  settings: AuditSettings,
  actions: readonly RiskyAction[],
  severity: Severity,
  what: string,
): RuleHit[] {
  const model = AccountPermissions.of(authorization, reference)
  const resolved = actions.flatMap((risky) => {
    const info = reference.action(risky.action)
    return info ? [{ risky, info }] : []
  })
  // Principals that hold the same policies share one PrincipalPermissions: judge each once.
  const judged = new Map<PrincipalPermissions, Pick<RuleHit, 'severity' | 'via' | 'detail'> | null>()
  const judge = (permissions: PrincipalPermissions): Pick<RuleHit, 'severity' | 'via' | 'detail'> | null => {
    if (permissions.fullAccess().level === 'allowed') return null
    const allowed: { risky: RiskyAction; via: StatementRef[] }[] = []
    const conditional: { risky: RiskyAction; via: StatementRef[]; conditions: Condition[][] }[] = []
    for (const { risky, info } of resolved) {
      if (!permissions.mentions(info)) continue
      const grant = permissions.grant(info)
      if (grant.level === 'allowed') allowed.push({ risky, via: grant.via })
      else if (grant.level === 'conditional') conditional.push({ risky, via: grant.via, conditions: grant.conditions })
    }
    if (allowed.length === 0 && conditional.length === 0) return null
    const list = (items: { risky: RiskyAction }[]) => items.map((i) => `${i.risky.action} (${i.risky.why})`).join(', ')
    const parts = [
      ...(allowed.length ? [`${what} on every resource: ${list(allowed)}`] : []),
      ...(conditional.length ? [`only when ${describeConditions(conditional.flatMap((c) => c.conditions))}: ${list(conditional)}`] : []),
    ]
    return {
      ...(allowed.length === 0 ? { severity: milder(severity) } : {}),
      via: describeVia([...allowed, ...conditional].flatMap((i) => i.via)),
      detail: parts.join('; '),
    }
  }
  return model.audited(settings.includeServiceRoles).flatMap(({ principal, permissions }) => {
    let verdict = judged.get(permissions)
    if (verdict === undefined) judged.set(permissions, (verdict = judge(permissions)))
    return verdict ? [{ ...principalHit(principal, settings.now), ...verdict }] : []
  })
}
