import { createHash } from 'node:crypto'

import pLimit from 'p-limit'

import type { AwsClients } from '../../aws/clients.js'
import { type Clock, systemClock } from '../../clock.js'
import { AwsError } from '../../errors.js'
import { toIamkitError } from '../../to-iamkit-error.js'
import { addScanned, type AuditReport, type SkippedAccount, sortFindings, summarize, summarizeByAccount } from '../audit-report.js'
import { type AccountAudit, auditAccount } from '../audit-account.js'
import { collectCallerIdentity } from '../collect/caller-identity.js'
import { loadIamReference } from '../../iam-reference/load-iam-reference.js'
import { groupSkippedRules } from '../skipped-rules.js'
import type { Finding } from '../finding.js'
import { applyIgnores } from '../ignore-file.js'
import { ALL_RULES } from '../rules/all-rules.js'
import type { Rule } from '../rules/rule.js'
import { type AuditOptions, auditNotes, withBenchmark } from '../run-audit.js'
import { assumeAccountRole } from './assume-account.js'
import { listOrganizationAccounts, type OrganizationListing, type OrgAccount } from './organization-accounts.js'
import { SharedTexts } from './shared-texts.js'
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
}

/**
 * `iamkit audit --org`: lists the organization's accounts (or takes the given ones), keeps this
 * shard's slice, and audits at most `accountConcurrency` accounts at once with the single-account
 * collectors and rules, each on clients for a role assumed in that account. Only findings are
 * kept per account. An account that cannot be read is a warning and a skipped account.
 */
export async function runOrgAudit(options: OrgAuditOptions, deps: OrgAuditDeps): Promise<AuditReport> {
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
  const audited: AccountAudit[] = []
  const skipped: SkippedAccount[] = []
  const texts = new SharedTexts()
  let findingsSoFar = 0
  const report = () => deps.progress?.(`accounts ${audited.length + skipped.length}/${targets.length} done, ${findingsSoFar} findings so far${skipped.length ? `, ${skipped.length} skipped` : ''}`)

  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          const result = await auditMember(target, { caller: caller.account, partition, options, deps, rules, settings, clock, organization })
          audited.push({ ...result, findings: texts.share(result.findings) })
          findingsSoFar += result.findings.length
        } catch (err) {
          const reason = toIamkitError(err).message
          skipped.push({ id: target.id, name: target.name, reason })
          warnings.push(`account ${target.id}${target.name ? ` (${target.name})` : ''} was not audited: ${reason}`)
        }
        report()
      }),
    ),
  )
  if (targets.length > 0 && audited.length === 0) {
    throw new AwsError('ORG_NOTHING_AUDITED', `none of the ${targets.length} account(s) could be audited (${skipped[0]!.reason}); see the warnings`)
  }

  const findings: Finding[] = audited.flatMap((a) => a.findings)
  const ignored = applyIgnores(findings, options.ignore, now)
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
  return withBenchmark(options.benchmark, {
    generatedAt: now.toISOString(),
    account: caller.account,
    unusedDays: options.unusedDays,
    maxKeyAgeDays: options.maxKeyAgeDays,
    credentialReportGeneratedTime: null,
    scanned: addScanned(audited.map((a) => a.scanned)),
    findings: sortFindings(ignored.kept),
    summary: { ...summarize(ignored.kept, ignored.suppressed), byAccount: summarizeByAccount(ignored.kept, audited.map((a) => ({ id: a.account.id!, name: a.account.name }))) },
    // Sorted, so that the same run gives the same list however it was sharded.
    // Loaded once per process (the accounts' audits share it); an empty shard names it too.
    notes: auditNotes((await loadIamReference()).version),
    warnings: [...new Set([...warnings, ...audited.flatMap((a) => a.warnings.map((w) => `account ${a.account.id}: ${w}`)), ...ignored.warnings])].sort(),
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
