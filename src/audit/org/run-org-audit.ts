import { createHash } from 'node:crypto'

import pLimit from 'p-limit'

import type { AwsClients } from '../../aws/clients.js'
import { type Clock, systemClock } from '../../clock.js'
import { AwsError } from '../../errors.js'
import { toIamkitError } from '../../to-iamkit-error.js'
import { type AccountSummary, addScanned, type SkippedAccount, sortFindings, summarize, SummaryCounter } from '../audit-report.js'
import { type AccountAudit, auditAccount } from '../audit-account.js'
import { collectCallerIdentity } from '../collect/caller-identity.js'
import { loadIamReference } from '../../iam-reference/load-iam-reference.js'
import { groupSkippedRules } from '../skipped-rules.js'
import { applyIgnores } from '../ignore-file.js'
import { ALL_RULES } from '../rules/all-rules.js'
import type { Rule } from '../rules/rule.js'
import type { ReportToWrite } from '../report-findings.js'
import { type AuditOptions, auditNotes, withBenchmark } from '../run-audit.js'
import type { SpillFile } from '../spill/spill-file.js'
import { type FindingRun, SpilledFindings } from '../spill/spilled-findings.js'
import { assumeAccountRole } from './assume-account.js'
import { listOrganizationAccounts, type OrganizationListing, type OrgAccount } from './organization-accounts.js'
import { inShard, type Shard } from './shard.js'

export interface OrgAuditOptions extends AuditOptions {
  /** `--org-role`, default OrganizationAccountAccessRole. */
  orgRole: string
  externalId?: string
  /** `--accounts` / `--accounts-file`; otherwise every ACTIVE account of the organization. */
  accountIds?: string[]
  accountConcurrency: number
  shard?: Shard
}

export interface OrgAuditDeps {
  /** The management (or delegated administrator) account's clients; member clients derive from them. */
  clients: AwsClients
  clock?: Clock
  /** Progress for a person at a terminal: accounts done / total, findings so far. */
  progress?: (message: string) => void
  rules?: readonly Rule[]
  /** Where each account's findings are kept, in the report's order, until the report is written (the caller removes it after). */
  spill: SpillFile
}

/** What is held of an audited account once its findings are in the spill file. */
type AuditedAccount = Omit<AccountAudit, 'findings'> & { counts: AccountSummary }

/**
 * `iamkit audit --org`: lists the organization's accounts (or takes the given ones), keeps this
 * shard's slice, and audits at most `accountConcurrency` accounts at once with the single-account
 * collectors and rules, each on clients for a role assumed in that account. An account's findings
 * go to the spill file, sorted, once its rules ran; what stays in memory is their counts (and the
 * benchmark's failing ids), so memory does not grow with the findings. An account that cannot be
 * read is a warning and a skipped account; findings that cannot be kept fail the run.
 */
export async function runOrgAudit(options: OrgAuditOptions, deps: OrgAuditDeps): Promise<ReportToWrite> {
  const clock = deps.clock ?? systemClock
  const now = clock.now()
  const rules = deps.rules ?? ALL_RULES
  const warnings: string[] = []
  const caller = await collectCallerIdentity(await deps.clients.sts())
  const partition = caller.arn.split(':')[1] || 'aws'

  const listing = await organizationListing(deps.clients, options, warnings)
  const names = new Map((listing?.accounts ?? []).map((a) => [a.id, a.name]))
  const all: OrgAccount[] = options.accountIds ? options.accountIds.map((id) => ({ id, name: names.get(id) ?? null })) : listing!.accounts
  if (listing && options.accountIds) {
    const strangers = options.accountIds.filter((id) => !names.has(id))
    if (strangers.length) warnings.push(`account(s) ${strangers.join(', ')} are not ACTIVE accounts of the organization; audited as given`)
  }
  const targets = all.filter((a) => inShard(a.id, options.shard))
  const organization = listing ? { accountIds: listing.accounts.map((a) => a.id) } : undefined

  const settings = { now, unusedDays: options.unusedDays, maxKeyAgeDays: options.maxKeyAgeDays, includeServiceRoles: options.includeServiceRoles }
  const limit = pLimit(options.accountConcurrency)
  const audited: AuditedAccount[] = []
  const skipped: SkippedAccount[] = []
  // One run per account, in the order they finished (the order findings were listed in before they were sorted).
  const runs: FindingRun[] = []
  const counts = new SummaryCounter()
  let suppressed = 0
  let findingsSoFar = 0
  let spillFailed = false
  const report = () => deps.progress?.(`accounts ${audited.length + skipped.length}/${targets.length} done, ${findingsSoFar} findings so far${skipped.length ? `, ${skipped.length} skipped` : ''}`)

  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        if (spillFailed) return
        let result: AccountAudit
        try {
          result = await auditMember(target, { caller: caller.account, partition, options, deps, rules, settings, clock, organization })
        } catch (err) {
          const reason = toIamkitError(err).message
          skipped.push({ id: target.id, name: target.name, reason })
          warnings.push(`account ${target.id}${target.name ? ` (${target.name})` : ''} was not audited: ${reason}`)
          report()
          return
        }
        const { findings, ...rest } = result
        const ignored = applyIgnores(findings, options.ignore, now)
        for (const f of ignored.kept) counts.add(f)
        suppressed += ignored.suppressed
        findingsSoFar += findings.length
        // Outside the account's catch: findings that cannot be kept fail the run, never skip the account.
        try {
          runs.push({ ...(await deps.spill.append(sortFindings(ignored.kept))), accounts: [rest.account.id!] })
        } catch (err) {
          spillFailed = true
          throw err
        }
        const { total, bySeverity } = summarize(ignored.kept, 0)
        audited.push({ ...rest, counts: { id: rest.account.id!, name: rest.account.name, total, bySeverity } })
        report()
      }),
    ),
  )
  if (targets.length > 0 && audited.length === 0) {
    throw new AwsError('ORG_NOTHING_AUDITED', `none of the ${targets.length} account(s) could be audited (${skipped[0]!.reason}); see the warnings`)
  }

  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
  return withBenchmark(options.benchmark, {
    generatedAt: now.toISOString(),
    account: caller.account,
    unusedDays: options.unusedDays,
    maxKeyAgeDays: options.maxKeyAgeDays,
    credentialReportGeneratedTime: null,
    scanned: addScanned(audited.map((a) => a.scanned)),
    findings: new SpilledFindings(deps.spill, runs),
    summary: { ...counts.summary(suppressed), byAccount: audited.map((a) => a.counts).sort(byId) },
    // Sorted, so that the same run gives the same list however it was sharded.
    // Loaded once per process (the accounts' audits share it); an empty shard names it too.
    notes: auditNotes((await loadIamReference()).version),
    warnings: [...new Set([...warnings, ...audited.flatMap((a) => a.warnings.map((w) => `account ${a.account.id}: ${w}`)), ...applyIgnores([], options.ignore, now).warnings])].sort(),
    skippedRules: groupSkippedRules(audited.flatMap((a) => a.skippedRules.map((rule) => ({ ...rule, accounts: [a.account.id!] })))),
    organization: {
      organizationId: listing?.organizationId ?? null,
      managementAccountId: listing?.managementAccountId ?? null,
      orgRole: options.orgRole,
      accountCount: all.length,
      accountSetDigest: digestOf(all.map((a) => a.id)),
      shard: options.shard ?? null,
      settings: runSettings(options),
      rules: rules.map((r) => r.type),
    },
    skippedAccounts: skipped.sort(byId),
    ...(audited.some((a) => a.incomplete.length) ? { incomplete: audited.flatMap((a) => a.incomplete.map((w) => `account ${a.account.id} ${w}`)) } : {}),
  })
}

interface MemberContext {
  caller: string
  partition: string
  options: OrgAuditOptions
  deps: OrgAuditDeps
  rules: readonly Rule[]
  settings: { now: Date; unusedDays: number; maxKeyAgeDays: number; includeServiceRoles: boolean }
  clock: Clock
  organization: { accountIds: string[] } | undefined
}

/** One account: its own clients (the caller's for the caller's own account), audited, then closed. */
async function auditMember(target: OrgAccount, ctx: MemberContext): Promise<AccountAudit> {
  const own = target.id === ctx.caller
  const clients = own
    ? ctx.deps.clients
    : ctx.deps.clients.withCredentials(await assumeAccountRole(await ctx.deps.clients.sts(), target.id, { roleName: ctx.options.orgRole, externalId: ctx.options.externalId, partition: ctx.partition, clock: ctx.clock }))
  try {
    const result = await auditAccount(
      clients,
      ctx.rules,
      {
        settings: ctx.settings,
        serviceUsage: ctx.options.serviceUsage,
        concurrency: ctx.options.concurrency,
        regions: ctx.options.regions,
        accountName: target.name,
        ...(ctx.organization ? { extraSources: { organization: ctx.organization } } : { extraUnavailable: { organization: "the organization's account list could not be read" } }),
      },
      { clock: ctx.clock },
    )
    // Fail closed: findings must be about the account asked for, not wherever the credentials landed.
    if (result.account.id !== target.id) throw new AwsError('ORG_WRONG_ACCOUNT', `the credentials for ${target.id} act in account ${result.account.id ?? 'unknown'}`)
    return result
  } finally {
    if (!own) await clients.destroy()
  }
}

/** --org lists the organization (required); --accounts only tries, for names and TRUST_EXTERNAL_ACCOUNT. */
async function organizationListing(clients: AwsClients, options: OrgAuditOptions, warnings: string[]): Promise<OrganizationListing | undefined> {
  try {
    return await listOrganizationAccounts(await clients.organizations())
  } catch (err) {
    if (!options.accountIds) throw err
    warnings.push(`the organization's account list could not be read (${toIamkitError(err).message}); accounts have no names and TRUST_EXTERNAL_ACCOUNT is skipped`)
    return undefined
  }
}

/** The settings that change what a run finds: shards of one run must agree on all of them. */
export function runSettings(options: OrgAuditOptions): Record<string, unknown> {
  return {
    unusedDays: options.unusedDays,
    maxKeyAgeDays: options.maxKeyAgeDays,
    includeServiceRoles: options.includeServiceRoles,
    serviceUsage: options.serviceUsage,
    regions: options.regions ?? null,
    orgRole: options.orgRole,
    accounts: options.accountIds ? 'given' : 'organization',
    benchmark: options.benchmark ?? null,
  }
}

function digestOf(ids: string[]): string {
  return createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 16)
}
