import { Flags } from '@oclif/core'

import { type AuditReport } from '../audit/audit-report.js'
import { loadIgnoreFile } from '../audit/ignore-file.js'
import { failingFindings, runAudit } from '../audit/run-audit.js'
import { isSeverity, SEVERITIES, type Severity } from '../audit/severity.js'
import { AwsClients } from '../aws/clients.js'
import { BaseCommand } from '../cli/base-command.js'
import { awsFlags, sdkProfileFlag } from '../cli/flags.js'
import { colorEnabled, outputWidth } from '../cli/terminal.js'
import { FindingsError, IncompleteResultError, UsageError } from '../errors.js'
import { checkOutputPath } from '../output/output-path.js'
import { writeFileAtomically } from '../profiles/atomic-write.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { AUDIT_FORMATS, type AuditFormat, auditReportChunks, renderAuditReport } from '../render/render-audit.js'
import { writeChunks } from '../render/write-chunks.js'

export default class Audit extends BaseCommand<typeof Audit> {
  static override summary = 'Find unused and over-privileged IAM identities in the account, for cron and CI.'
  static override description = `Reads the account with few calls (caller identity, the IAM credential report,
GetAccountAuthorizationDetails and, unless --no-service-usage, service last-accessed data per role),
then reports unused roles, users and keys, old keys, missing MFA, administrator access and risky
role trust. Never prompts. Exits 3 when a finding at or above --fail-on remains after the ignore file.
Credentials come from the AWS SDK's default chain (environment, --profile or AWS_PROFILE, SSO,
instance roles).`
  static override examples = [
    '<%= config.bin %> audit',
    '<%= config.bin %> audit --profile security-audit --format sarif --output iam.sarif --fail-on none',
    '<%= config.bin %> audit --json --unused-days 60 --ignore-file .iamkit-ignore.json',
  ]
  static override flags = {
    ...awsFlags,
    ...sdkProfileFlag,
    'unused-days': Flags.string({ description: 'An identity or key not used for more than this many days is unused', default: '90' }),
    'max-key-age': Flags.string({ description: 'An active access key older than this many days is stale', default: '90' }),
    format: Flags.string({ description: 'Report format (default: table on a terminal, json otherwise)', options: [...AUDIT_FORMATS] }),
    output: Flags.string({ description: 'Write the report to this file (atomically) instead of stdout' }),
    'fail-on': Flags.string({ description: 'Exit 3 when a finding at or above this severity remains', options: [...SEVERITIES, 'none'], default: 'high' }),
    'ignore-file': Flags.string({ description: 'JSON file of accepted findings: {"ignore":[{"type","arn","reason","expires"}]}' }),
    concurrency: Flags.string({ description: 'Service last-accessed calls in flight at once', default: '4' }),
    'service-usage': Flags.boolean({ description: 'Collect service last-accessed data per role (UNUSED_SERVICE_PERMISSIONS)', default: true, allowNo: true }),
    'include-service-roles': Flags.boolean({ description: 'Audit service-linked roles (/aws-service-role/) too' }),
    regions: Flags.string({ description: 'Regions whose IAM Access Analyzer is checked, comma-separated (default: the audit region)' }),
  }

  async run(): Promise<void> {
    const { flags } = this
    if (flags.output !== undefined) await checkOutputPath(flags.output, '--output')
    const unusedDays = wholeNumber(flags['unused-days'], '--unused-days', 0)
    const maxKeyAgeDays = wholeNumber(flags['max-key-age'], '--max-key-age', 0)
    const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1)
    const failOn = severityOrNone(flags['fail-on'])
    const format = this.format()
    const regions = flags.regions === undefined ? undefined : regionList(flags.regions)
    const ignore = flags['ignore-file'] ? await loadIgnoreFile(flags['ignore-file']) : []

    const clients = await this.clients()
    this.closers.push(() => clients.destroy())
    const progress = process.stderr.isTTY ? (message: string) => this.reporter.info(message) : undefined
    const report = await runAudit(
      { unusedDays, maxKeyAgeDays, concurrency, regions, ignore, serviceUsage: flags['service-usage'], includeServiceRoles: flags['include-service-roles'] },
      { clients, progress },
    )
    await this.publish(report, format)

    // Fail closed: a report missing what every rule rests on must never pass as a clean account.
    if (report.incomplete?.length) {
      throw new IncompleteResultError(
        'AUDIT_INCOMPLETE',
        `the audit could not read ${report.incomplete.map((w) => w.split(':')[0]).join(', ')}, so the report shows less than the account holds; fix the cause in the warnings above and run it again`,
      )
    }

    const failing = failingFindings(report.findings, failOn)
    if (failing.length > 0) {
      throw new FindingsError('FINDINGS', `${failing.length} finding(s) at or above --fail-on ${failOn}; see the report, fix them or accept them in an --ignore-file`)
    }
  }

  private format(): AuditFormat {
    const { format, output } = this.flags
    if (this.jsonEnabled() && format && format !== 'json') throw new UsageError('USAGE', `--json asks for JSON but --format is ${format}; choose one`)
    if (this.jsonEnabled()) return 'json'
    return (format as AuditFormat | undefined) ?? (process.stdout.isTTY && !output ? 'table' : 'json')
  }

  /** The SDK's default credential chain, aimed like every other command (flags, profile settings). */
  private async clients(): Promise<AwsClients> {
    const name = this.flags.profile ?? process.env.AWS_PROFILE
    const snapshot = name ? await new ProfileStore().read() : undefined
    const profile = this.flags.profile ? snapshot!.require(this.flags.profile) : name ? snapshot!.profile(name) : undefined
    return new AwsClients({
      region: this.flags.region,
      endpointUrl: this.flags['endpoint-url'],
      timeoutSeconds: this.flags.timeout,
      profileSettings: profile?.settings,
      profileName: this.flags.profile,
      ...(this.flags.debug ? { reporter: this.reporter } : {}),
    })
  }

  private async publish(report: AuditReport, format: AuditFormat): Promise<void> {
    const options = { color: colorEnabled() && !this.flags.output, width: outputWidth(), toolVersion: this.config.version }
    // The table carries its warnings; other formats are for machines, so people see them on stderr.
    if (format !== 'table' || this.flags.output) for (const warning of report.warnings) this.reporter.warn(warning)
    if (this.flags.output) {
      await writeFileAtomically(this.flags.output, renderAuditReport(report, format, options))
      this.reporter.info(`Wrote ${report.summary.total} finding(s) to ${this.flags.output}`)
    }
    // --json always puts its one document on stdout; otherwise the report goes to one place.
    // Streamed, so a large account's report is never held as one string (peak memory).
    if (!this.flags.output || this.jsonEnabled()) await writeChunks(process.stdout, auditReportChunks(report, format, options))
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

function severityOrNone(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value
  throw new UsageError('USAGE', `--fail-on must be one of ${[...SEVERITIES, 'none'].join(', ')}, not "${value}"`)
}
