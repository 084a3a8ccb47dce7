import type { AwsClients } from '../aws/clients.js'
import type { Clock } from '../clock.js'
import type { AccountSources } from './account-data.js'
import { collectAccount } from './collect/collect-account.js'
import { evaluateRules, type SkippedRule } from './evaluate.js'
import type { Finding, FindingAccount } from './finding.js'
import { unreadableDocuments } from './rules/policy-sources.js'
import type { AuditSettings, Rule } from './rules/rule.js'

export interface AccountAuditOptions {
  settings: Omit<AuditSettings, 'accountId'>
  serviceUsage: boolean
  concurrency: number
  regions?: readonly string[]
  /** The account's name when the caller knows it (an organization's account list). */
  accountName?: string | null
  /** Sources the caller already holds for every account (the organization's account list). */
  extraSources?: Partial<AccountSources>
  /** Why an extra source is missing, when it is. */
  extraUnavailable?: Partial<Record<keyof AccountSources, string>>
}

/** One account's findings before the ignore file, and what could not be seen. */
export interface AccountAudit {
  account: FindingAccount
  findings: Finding[]
  skippedRules: SkippedRule[]
  warnings: string[]
  credentialReportGeneratedTime: string | null
}

/**
 * Collects one account and runs the rules on it. Only the findings leave this function: the
 * collected data (policy documents, the credential report) is garbage once it returns, which is
 * what keeps an organization audit's memory flat in the number of accounts.
 */
export async function auditAccount(
  clients: AwsClients,
  rules: readonly Rule[],
  options: AccountAuditOptions,
  deps: { clock: Clock; progress?: (message: string) => void },
): Promise<AccountAudit> {
  const collected = await collectAccount(clients, {
    settings: options.settings,
    serviceUsage: options.serviceUsage,
    concurrency: options.concurrency,
    regions: options.regions,
    clock: deps.clock,
    progress: deps.progress,
  })
  const account: FindingAccount = { id: collected.account, name: options.accountName ?? collected.accountName }
  const sources = { ...options.extraSources, ...collected.sources }
  const unavailable = { ...options.extraUnavailable, ...collected.unavailable }
  const { findings, skippedRules } = evaluateRules(rules, sources, unavailable, { ...options.settings, accountId: collected.account }, account)
  const unreadable = collected.sources.authorization ? unreadableDocuments(collected.sources.authorization) : []
  return {
    account,
    findings,
    skippedRules,
    warnings: [
      ...collected.warnings,
      ...(unreadable.length ? [`${unreadable.length} policy document(s) could not be parsed; the policy rules read them as empty (${unreadable.slice(0, 3).join('; ')})`] : []),
    ],
    credentialReportGeneratedTime: collected.sources.credentialReport?.generatedTime?.toISOString() ?? null,
  }
}
