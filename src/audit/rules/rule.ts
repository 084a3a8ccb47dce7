import type { AccountSources, SourceName } from '../account-data.js'
import type { Finding, FindingAccount, FindingResource } from '../finding.js'
import { findingId } from '../finding.js'
import type { FindingType } from '../finding-types.js'
import type { Severity } from '../severity.js'

/** The audit's thresholds and clock, the same for every rule. */
export interface AuditSettings {
  now: Date
  unusedDays: number
  maxKeyAgeDays: number
  /** Audit service-linked roles (path /aws-service-role/) too. */
  includeServiceRoles: boolean
  /** The account audited, for findings about the account itself (its settings); null when unknown. */
  accountId: string | null
  /** The account's partition (aws, aws-cn, aws-us-gov), for the ARNs of those findings. */
  partition: string
}

/** What a rule says about one resource; the rule's metadata completes it into a Finding. */
export interface RuleHit {
  resource: FindingResource
  detail: string
  lastUsed?: string | null
  ageDays?: number | null
  /** Separates several hits of one rule on one resource, for the stable id. */
  discriminator?: string
  /** Replaces the rule's severity (e.g. lower, for a grant that holds only under conditions). */
  severity?: Severity
  /** The policies and statements a permission finding comes from. */
  via?: string[]
}

/**
 * One audit check (Prowler-style): its metadata and a pure function from the collected data to
 * findings. `needs` names the collected sources it reads; when one is missing the rule is
 * listed as skipped instead of run.
 */
export interface Rule<N extends SourceName = SourceName> {
  type: FindingType
  severity: Severity
  /** One line: what the finding means. */
  title: string
  /** What to do about it. */
  remediation: string
  needs: readonly N[]
  check(data: Pick<AccountSources, N>, settings: AuditSettings): RuleHit[]
}

/** Declares a rule, keeping its `needs` and `check` argument in step. */
export function defineRule<N extends SourceName>(rule: Rule<N>): Rule<N> {
  return rule
}

export function toFinding(rule: Pick<Rule, 'type' | 'severity' | 'remediation'>, hit: RuleHit, account: FindingAccount): Finding {
  return {
    id: findingId(rule.type, hit.resource.arn, hit.discriminator, account.id),
    type: rule.type,
    severity: hit.severity ?? rule.severity,
    resource: hit.resource,
    account,
    detail: hit.detail,
    lastUsed: hit.lastUsed ?? null,
    ageDays: hit.ageDays ?? null,
    recommendation: rule.remediation,
    via: hit.via ?? [],
  }
}

/** Service-linked roles belong to AWS services; users cannot change them. */
export function isServiceLinkedRole(role: { path: string }): boolean {
  return role.path.startsWith('/aws-service-role/')
}
