import { Args, Flags } from '@oclif/core'

import { assertEndpointsWellFormed } from '../aws/endpoint.js'
import { resolveRegion } from '../aws/region.js'
import { BaseCommand } from '../cli/base-command.js'
import { awsFlags } from '../cli/flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { checkKeys } from '../status/key-check.js'
import { profileStatuses } from '../status/profile-status.js'
import { renderStatusTable } from '../status/status-table.js'

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'List profiles with their kind, key store, MFA device and session time left.'
  static override description = `Reads only the credentials and config files, unless --check: then it also asks IAM for the age and last use of each user profile's access key (iam:ListAccessKeys and iam:GetAccessKeyLastUsed, a few profiles at a time), signed with the profile's stored session when it has one.

--json prints the same as a list.`
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status admin', '<%= config.bin %> status --check --json']
  static override args = { profile: Args.string({ description: 'Only this profile', required: false }) }
  static override flags = {
    ...awsFlags,
    check: Flags.boolean({ description: "Also ask IAM for each user profile's key age and last use" }),
  }

  async run() {
    // Without --check nothing is called, but a malformed --region or --endpoint-url is still bad input (SPEC §0).
    if (this.flags.region !== undefined) resolveRegion(this.flags.region)
    if (this.flags['endpoint-url'] !== undefined) assertEndpointsWellFormed(this.flags['endpoint-url'])
    const snapshot = await new ProfileStore().read()
    const now = new Date()
    let statuses = profileStatuses(snapshot, now, this.args.profile)
    if (this.flags.check) {
      const gateways = statuses.map((s) => profileAws(snapshot, s.profile, this.flags, this.reporter))
      for (const aws of gateways) this.closers.push(() => aws.clients.destroy())
      const byName = new Map(statuses.map((s, i) => [s.profile, gateways[i]!]))
      statuses = await checkKeys(statuses, { snapshot, iamFor: (name) => byName.get(name)!.iam, now })
    }
    if (!this.jsonEnabled()) this.log(renderStatusTable(statuses, { width: process.stdout.columns || 80, check: this.flags.check }))
    // Fail closed: what --check could not find out is shown as an error and exits 1, never as fine.
    const failed = statuses.filter((s) => s.key?.error)
    if (failed.length > 0) {
      process.stderr.write(`iamkit: --check could not read ${failed.map((s) => s.profile).join(', ')} from IAM: ${failed[0]!.key!.error}\n`)
      process.exitCode = 1
    }
    return statuses
  }
}
