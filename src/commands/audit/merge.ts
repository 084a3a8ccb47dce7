import { Args } from '@oclif/core'

import { mergeShardReports, readShardReports } from '../../audit/org/merge-reports.js'
import { SpillFile } from '../../audit/spill/spill-file.js'
import { auditOutputFlags, chooseAuditOutput, publishAuditReport } from '../../cli/audit-output.js'
import { BaseCommand } from '../../cli/base-command.js'

export default class AuditMerge extends BaseCommand<typeof AuditMerge> {
  static override summary = 'Combine the shard reports of one organization audit into one report.'
  static override description = `Reads the JSON reports of \`iamkit audit --org --shard K/N --format json\` and writes the report the unsharded run would have written, in any format. The inputs must be shards of one run (same organization, account list, settings and rules), each of 1…N exactly once; anything else exits 2. Exits 3 when a finding at or above --fail-on remains. Makes no AWS call.`
  static override examples = [
    '<%= config.bin %> audit merge shard-*.json --format sarif --output org.sarif --fail-on none',
    '<%= config.bin %> audit merge shard-1.json shard-2.json shard-3.json --json',
  ]
  static override strict = false
  static override args = { reports: Args.string({ description: 'Shard reports (JSON)', required: true }) }
  static override flags = { ...auditOutputFlags }

  async run(): Promise<void> {
    const output = await chooseAuditOutput(this.flags, this.jsonEnabled())
    // The shards' findings wait in a private temporary folder until the report is written; removed when the command ends.
    const spill = await SpillFile.create()
    this.closers.push(() => spill.remove())
    const report = mergeShardReports(await readShardReports(this.positionals, spill), spill)
    await publishAuditReport(report, output, { reporter: this.reporter, toolVersion: this.config.version })
  }
}
