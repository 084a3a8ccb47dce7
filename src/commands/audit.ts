import { Flags } from '@oclif/core'

import { BENCHMARK_IDS } from '../audit/benchmark/cis-aws-4.0.js'
import { loadIgnoreFile } from '../audit/ignore-file.js'
import { parseAccountIds, readAccountsFile } from '../audit/org/account-list.js'
import { runOrgAudit } from '../audit/org/run-org-audit.js'
import { parseShard } from '../audit/org/shard.js'
import { runAudit } from '../audit/run-audit.js'
import { SpillFile } from '../audit/spill/spill-file.js'
import type { AwsClients } from '../aws/clients.js'
import { sharedAdaptiveRetry } from '../aws/shared-retry.js'
import { accountReaderClients } from '../cli/account-reader-clients.js'
import { auditOutputFlags, chooseAuditOutput, publishAuditReport } from '../cli/audit-output.js'
import { BaseCommand } from '../cli/base-command.js'
import { limitHeapGrowth } from '../cli/org-heap.js'
import { awsFlags, sdkProfileFlag } from '../cli/flags.js'
import { assertExternalId, assertRoleName } from '../aws/assume-role-input.js'
import { UsageError } from '../errors.js'

export default class Audit extends BaseCommand<typeof Audit> {
  static override summary = 'Find unused and over-privileged IAM identities in the account, for cron and CI.'
  static override description = `Reads the account with few calls (caller identity, the IAM credential report, GetAccountAuthorizationDetails and, unless --no-service-usage, service last-accessed data per role), then reports unused roles, users and keys, old keys, missing MFA, administrator access, privilege escalation and risky role trust. Never prompts. Exits 3 when a finding at or above --fail-on remains after the ignore file.

With --profile, iamkit reads the profile as the AWS CLI would use it (long-term key, stored or renewed session, role, SSO) and never prompts; otherwise the AWS SDK's default chain signs (environment, AWS_PROFILE, SSO, instance roles). With --org it audits every account of the AWS Organization through --org-role; --shard K/N and "iamkit audit merge" split a large organization across jobs.`
  static override examples = [
    '<%= config.bin %> audit',
    '<%= config.bin %> audit --profile security-audit --format sarif --output iam.sarif --fail-on none',
    '<%= config.bin %> audit --json --unused-days 60 --ignore-file .iamkit-ignore.json',
    '<%= config.bin %> audit --org --org-role SecurityAudit --shard 2/4 --format json --output shard-2.json',
  ]
  static override flags = {
    ...awsFlags,
    ...sdkProfileFlag,
    'unused-days': Flags.string({ helpValue: 'DAYS', description: 'An identity or key not used for more than this many days is unused', default: '90' }),
    'max-key-age': Flags.string({ helpValue: 'DAYS', description: 'An active access key older than this many days is stale', default: '90' }),
    ...auditOutputFlags,
    'ignore-file': Flags.string({ helpValue: 'FILE', description: 'JSON file of accepted findings: {"ignore":[{"type","arn","reason","expires"}]}' }),
    concurrency: Flags.string({ helpValue: 'N', description: 'Service last-accessed calls in flight at once', default: '4' }),
    'service-usage': Flags.boolean({ description: 'Collect service last-accessed data per role (UNUSED_SERVICE_PERMISSIONS)', default: true, allowNo: true }),
    'include-service-roles': Flags.boolean({ description: 'Audit service-linked roles (/aws-service-role/) too' }),
    regions: Flags.string({ helpValue: 'REGION,…', description: 'Regions whose IAM Access Analyzer is checked, comma-separated (default: the audit region)' }),
    benchmark: Flags.string({ description: 'Add the controls of a benchmark to the report: their status and the findings behind them', options: [...BENCHMARK_IDS] }),
    org: Flags.boolean({ description: 'Audit every ACTIVE account of the AWS Organization (organizations:ListAccounts), assuming --org-role in each' }),
    'org-role': Flags.string({ helpValue: 'ROLE', description: 'Role to assume in each member account', default: 'OrganizationAccountAccessRole' }),
    'external-id': Flags.string({ helpValue: 'ID', description: 'sts:ExternalId for assuming --org-role' }),
    accounts: Flags.string({ helpValue: 'ID,…', description: 'Audit these accounts (comma-separated ids) instead of every account of the organization', exclusive: ['accounts-file'] }),
    'accounts-file': Flags.string({ helpValue: 'FILE', description: 'Audit the account ids in this file (one per line, # comments)', exclusive: ['accounts'] }),
    'account-concurrency': Flags.string({ helpValue: 'N', description: 'Accounts audited at once', default: '4' }),
    shard: Flags.string({ helpValue: 'K/N', description: 'Audit slice K of N of the accounts (stable by account id), e.g. 2/4; combine with `audit merge`' }),
  }

  async run(): Promise<void> {
    const { flags } = this
    const unusedDays = wholeNumber(flags['unused-days'], '--unused-days', 0)
    const maxKeyAgeDays = wholeNumber(flags['max-key-age'], '--max-key-age', 0)
    const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1)
    const output = await chooseAuditOutput(flags, this.jsonEnabled())
    const regions = flags.regions === undefined ? undefined : regionList(flags.regions)
    const ignore = flags['ignore-file'] ? await loadIgnoreFile(flags['ignore-file']) : []

    const org = await this.orgOptions()
    if (org) limitHeapGrowth()

    const clients = await this.clients(org !== undefined)
    this.closers.push(() => clients.destroy())
    const progress = process.stderr.isTTY ? (message: string) => this.reporter.info(message) : undefined
    const options = { unusedDays, maxKeyAgeDays, concurrency, regions, benchmark: flags.benchmark, ignore, serviceUsage: flags['service-usage'], includeServiceRoles: flags['include-service-roles'] }
    const report = org ? await runOrgAudit({ ...options, ...org }, { clients, progress, spill: await this.spillFile() }) : await runAudit(options, { clients, progress })
    await publishAuditReport(report, output, { reporter: this.reporter, toolVersion: this.config.version })
  }

  /** The organization flags, checked before any AWS call; undefined for a single-account audit. */
  private async orgOptions() {
    const { flags } = this
    const accountIds = flags.accounts !== undefined ? parseAccountIds(flags.accounts, '--accounts') : flags['accounts-file'] ? await readAccountsFile(flags['accounts-file']) : undefined
    if (!flags.org && !accountIds) {
      const orgOnly = (['shard', 'external-id'] as const).find((name) => flags[name] !== undefined)
      if (orgOnly) throw new UsageError('USAGE', `--${orgOnly} needs --org (or --accounts)`)
      return undefined
    }
    return {
      orgRole: assertRoleName(flags['org-role'], '--org-role'),
      externalId: flags['external-id'] === undefined ? undefined : assertExternalId(flags['external-id']),
      accountIds,
      accountConcurrency: wholeNumber(flags['account-concurrency'], '--account-concurrency', 1),
      shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    }
  }

  /** An organization's findings wait in a private temporary folder until the report is written; removed when the command ends. */
  private async spillFile(): Promise<SpillFile> {
    const spill = await SpillFile.create()
    this.closers.push(() => spill.remove())
    return spill
  }

  /** Signed for --profile as iamkit resolves it, else by the SDK's default chain. */
  private async clients(manyAccounts: boolean): Promise<AwsClients> {
    // Many accounts at once share one adaptive rate limiter and retry budget.
    return accountReaderClients(this.flags, this.reporter, manyAccounts ? { retryStrategy: await sharedAdaptiveRetry() } : {})
  }
}

function wholeNumber(value: string, flag: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError('USAGE', `${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ' of days (0 or more)'}, not "${value}"`)
  }
  return Number(value)
}

function regionList(value: string): string[] {
  const regions = [...new Set(value.split(',').map((r) => r.trim()).filter(Boolean))]
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r))
  if (regions.length === 0 || bad !== undefined) throw new UsageError('USAGE', `--regions must be AWS regions separated by commas, such as us-east-1,eu-west-1${bad ? ` ("${bad}" is not one)` : ''}`)
  return regions
}
