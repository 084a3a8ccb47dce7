import { Flags } from '@oclif/core'

import { CloudTrailGateway } from '../../aws/cloudtrail-gateway.js'
import { RequestPacer } from '../../aws/request-pacer.js'
import { accountReaderClients } from '../../cli/account-reader-clients.js'
import { awsFlags, sdkProfileFlag } from '../../cli/flags.js'
import { PolicyCommand } from '../../cli/policy-command.js'
import { policyOutputFlags } from '../../cli/policy-flags.js'
import type { PolicyOutput } from '../../cli/policy-output.js'
import { loadIamReference } from '../../iam-reference/load-iam-reference.js'
import { collectRoleUsage, type UsageReport } from '../../policy/usage/collect-usage.js'

/** LookupEvents allows 2 requests per second; 550 ms apart keeps iamkit just under it. */
const LOOKUP_INTERVAL_MS = 550

export default class PolicyFromUsage extends PolicyCommand<typeof PolicyFromUsage> {
  static override summary = "Least-privilege permissions from the role's CloudTrail management events."
  static override description = `Reads CloudTrail's event history (cloudtrail:LookupEvents, kept under its 2 requests per second; progress on stderr) for the last --days days in one region, keeps the API calls made by sessions of --role, maps each event source and name to its IAM action, and writes one statement per service. An action is limited to the ARNs its events name when every one of its events names some, and granted on "*" otherwise. Calls that were refused (AccessDenied) are left out.

Event history is per region: global services (IAM, STS, CloudFront, Route 53) are recorded in us-east-1, so run once per region the role works in. Review the result before attaching it.

Checked against the inline role policy quota (10240 characters) unless --limit says otherwise. A role that made no call in the period gets no policy, and the command exits with 1.`
  static override examples = [
    '<%= config.bin %> policy from-usage --role deploy --days 30',
    '<%= config.bin %> policy from-usage --role deploy --days 90 --max-events 50000 --region eu-west-1 --out deploy.json',
  ]
  static override flags = {
    ...awsFlags,
    ...sdkProfileFlag,
    role: Flags.string({ helpValue: 'ROLE', description: 'Name (or ARN) of the role whose calls to read', required: true }),
    days: Flags.integer({ helpValue: 'DAYS', description: 'How many days back to read (1–90)', required: true }),
    'max-events': Flags.integer({ helpValue: 'N', description: 'Stop after reading this many events of the account (50 per request)', default: 10_000 }),
    ...policyOutputFlags('role-inline'),
  }

  async run(): Promise<PolicyOutput & Omit<UsageReport, 'policy'>> {
    const clients = await accountReaderClients(this.flags, this.reporter)
    this.closers.push(() => clients.destroy())
    const report = await collectRoleUsage(
      { role: this.flags.role, days: this.flags.days, maxEvents: this.flags['max-events'], now: new Date(), region: clients.region },
      { trail: new CloudTrailGateway(clients, new RequestPacer(LOOKUP_INTERVAL_MS)), reporter: this.reporter, reference: await loadIamReference() },
    )
    const { policy, ...usage } = report
    const output = await this.emitPolicy(policy, 'identity', 'read fewer --days, or split it by service into managed policies of at most 6144 characters each (a role takes 10 by default)')
    return { ...output, ...usage }
  }
}
