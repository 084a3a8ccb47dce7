import type { AwsClients } from '../aws/clients.js'
import type { Clock } from '../clock.js'
import type { AccountSources } from './account-data.js'
import { type ScannedCounts, scannedCounts } from './audit-report.js'
import { collectAccount } from './collect/collect-account.js'
import { evaluateRules, type SkippedRule } from './evaluate.js'
import type { Finding, FindingAccount } from './finding.js'
import type { IamReference } from '../iam-reference/iam-reference.js'
import { loadIamReference } from '../iam-reference/load-iam-reference.js'
import { AccountPermissions } from './account-permissions.js'
import { unreadableDocuments, withAccountDocuments } from './rules/policy-sources.js'
import type { AuditSettings, Rule } from './rules/rule.js'

export interface AccountAuditOptions {
  settings: Omit<AuditSettings, 'accountId' | 'partition'>
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
  /** Essential data that could not be read (see CollectedAccount.incomplete). */
  incomplete: string[]
  credentialReportGeneratedTime: string | null
  scanned: ScannedCounts | null
  /** The version of AWS's service authorization data the rules judged with. */
  referenceVersion: string
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
  // AWS's service authorization data is read while IAM answers (local files, read once per
  // process; see loadReferenceAlongside). Awaited together: a collector failing while the data loads must reach the caller as
  // this function's error, never as an unhandled rejection that kills the process with a stack.
  const [collected, reference] = await Promise.all([
    collectAccount(clients, {
      settings: options.settings,
      serviceUsage: options.serviceUsage,
      concurrency: options.concurrency,
      regions: options.regions,
      clock: deps.clock,
      progress: deps.progress,
    }),
    loadReferenceAlongside(),
  ])
  const account: FindingAccount = { id: collected.account, name: options.accountName ?? collected.accountName }
  const sources = { ...options.extraSources, ...collected.sources, reference }
  const unavailable = { ...options.extraUnavailable, ...collected.unavailable }
  const { findings, skippedRules, unreadable, gaps } = withAccountDocuments(() => ({
    ...evaluateRules(rules, sources, unavailable, { ...options.settings, accountId: collected.account, partition: collected.partition ?? 'aws' }, account),
    unreadable: collected.sources.authorization ? unreadableDocuments(collected.sources.authorization) : [],
    gaps: collected.sources.authorization ? AccountPermissions.of(collected.sources.authorization, reference).gaps : [],
  }))
  return {
    account,
    findings,
    skippedRules,
    warnings: [
      ...collected.warnings,
      ...(unreadable.length ? [`${unreadable.length} policy document(s) could not be parsed; the policy rules read them as empty (${unreadable.slice(0, 3).join('; ')})`] : []),
      ...(gaps.length ? [`${gaps.length} permissions boundar${gaps.length === 1 ? 'y' : 'ies'} could not be applied (${gaps.slice(0, 3).join('; ')})`] : []),
    ],
    incomplete: collected.incomplete,
    referenceVersion: reference.version,
    scanned: scannedCounts(collected.sources.authorization),
    credentialReportGeneratedTime: collected.sources.credentialReport?.generatedTime?.toISOString() ?? null,
  }
}

// Services loaded between two turns of the event loop: ~10 ms of CPU each.
const SERVICES_PER_TURN = 8

/**
 * AWS's service authorization data, whole (the rules expand `*` and NotAction against every
 * action), loaded a few services at a time with a turn of the event loop in between. Loaded in
 * one go (~0.4 s of CPU) it ran before the first request went out and held up every answer that
 * arrived meanwhile, and GetAccountAuthorizationDetails asks for its next filter only when the
 * previous one is read. Services load in the reference's own order, so the actions' ids are
 * the same as `allActions()` alone gives.
 */
async function loadReferenceAlongside(): Promise<IamReference> {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
  await turn()
  const reference = await loadIamReference()
  const services = reference.services()
  for (let i = 0; i < services.length; i++) {
    if (i % SERVICES_PER_TURN === 0) await turn()
    reference.actionsOf(services[i]!)
  }
  reference.allActions()
  return reference
}
