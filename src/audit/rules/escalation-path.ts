import { AccountPermissions } from '../account-permissions.js'
import type { RoleDetail, UserDetail } from '../account-data.js'
import { describeConditions } from '../../permissions/describe-grant.js'
import { escalationMethodsOf } from '../../permissions/escalation.js'
import { isRole, principalHit } from './principals.js'
import { defineRule, isServiceLinkedRole, type RuleHit } from './rule.js'
import { assumeRoleGrants } from './trust-statements.js'

type Principal = UserDetail | RoleDetail

/** How a principal gets into a role: the trust names it, or trusts its account and its policy allows the call. */
interface Hop {
  role: RoleDetail
  how: string
}

export const escalationPath = defineRule({
  type: 'ESCALATION_PATH',
  severity: 'high',
  title: 'User or role that reaches administrator access or an escalation method by assuming roles',
  remediation:
    "Break the path: narrow the trust policy of a role on it (name the principals that need it, require MFA), or remove sts:AssumeRole on that role from the principal's policies.",
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    const assumeRole = reference.action('sts:AssumeRole')
    if (!assumeRole) return []
    const audited = model.audited(settings.includeServiceRoles)
    const byArn = new Map(audited.map(({ principal }) => [principal.arn, principal]))
    // Only principals whose own policies name sts:AssumeRole can use an account-wide trust.
    const assumers = audited.filter(({ permissions }) => permissions.mentions(assumeRole))

    /** Who can assume `role` directly (same account only). */
    const assumersOf = (role: RoleDetail): { principal: Principal; how: string }[] => {
      const account = accountOf(role.arn)
      const found = new Map<string, { principal: Principal; how: string }>()
      const grants = assumeRoleGrants([role], { includeServiceRoles: false })
      for (const statement of grants.flatMap((g) => g.statements)) {
        const when = statement.conditions.length ? ` (when ${describeConditions([statement.conditions])})` : ''
        const trusted = statement.principal === '*' ? ['*'] : (statement.principal?.AWS ?? [])
        for (const entry of trusted) {
          if (entry === '*' || entry === account || entry === `arn:${partitionOf(role.arn)}:iam::${account}:root`) {
            for (const { principal: p, permissions } of assumers) {
              if (p.arn === role.arn || found.has(p.arn)) continue
              if (permissions.grant(assumeRole, role.arn).level !== 'none') found.set(p.arn, { principal: p, how: `its policy allows sts:AssumeRole and the trust admits ${entry === '*' ? 'anyone' : 'the account'}${when}` })
            }
          } else {
            const p = byArn.get(entry)
            if (p && p.arn !== role.arn && !found.has(p.arn) && !model.permissionsOf(p).denies(assumeRole, role.arn)) found.set(p.arn, { principal: p, how: `the trust names it${when}` })
          }
        }
      }
      return [...found.values()]
    }

    const dangerOf = (role: RoleDetail): string | undefined => {
      const permissions = model.permissionsOf(role)
      if (permissions.fullAccess().level === 'allowed') return 'administrator access'
      const method = escalationMethodsOf(permissions).find((m) => m.level === 'allowed')
      return method ? `escalation method ${method.method.id} (${method.method.name})` : undefined
    }

    // Backwards from the dangerous roles: next[p] is p's first hop on a shortest path to one.
    const targets = authorization.roles.filter((r) => !isServiceLinkedRole(r))
    const danger = new Map<string, string>()
    for (const role of targets) {
      const what = dangerOf(role)
      if (what) danger.set(role.arn, what)
    }
    const next = new Map<string, Hop>()
    let frontier = targets.filter((r) => danger.has(r.arn))
    const reached = new Set(frontier.map((r) => r.arn))
    while (frontier.length > 0) {
      const following: RoleDetail[] = []
      for (const role of frontier) {
        for (const { principal, how } of assumersOf(role)) {
          if (next.has(principal.arn) || danger.has(principal.arn)) continue
          next.set(principal.arn, { role, how })
          if (isRole(principal) && !reached.has(principal.arn)) {
            reached.add(principal.arn)
            following.push(principal)
          }
        }
      }
      frontier = following
    }

    return audited.flatMap(({ principal, permissions }): RuleHit[] => {
      const first = next.get(principal.arn)
      if (!first || permissions.fullAccess().level === 'allowed') return []
      const hops: Hop[] = []
      for (let hop: Hop | undefined = first; hop && hops.length < 10; hop = next.get(hop.role.arn)) {
        hops.push(hop)
        if (danger.has(hop.role.arn)) break
      }
      const end = hops[hops.length - 1]!.role
      const path = [principal.name, ...hops.map((h) => `role ${h.role.name}`)].join(' → ')
      return [
        {
          ...principalHit(principal, settings.now),
          discriminator: end.arn,
          via: hops.map((h) => `sts:AssumeRole ${h.role.arn}: ${h.how}`),
          detail: `${path}, which has ${danger.get(end.arn)}`,
        },
      ]
    })
  },
})

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? ''
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? 'aws'
}
