import type { AccessKeySlot, CredentialReportEntry } from '../account-data.js'
import type { FindingResource } from '../finding.js'

/** The IAM users of the report (the `<root_account>` row has rules of its own). */
export function iamUsers(entries: CredentialReportEntry[]): CredentialReportEntry[] {
  return entries.filter((e) => !e.isRoot)
}

export function activeKeys(entry: CredentialReportEntry): AccessKeySlot[] {
  return entry.accessKeys.filter((k) => k.active)
}

export function userResource(entry: CredentialReportEntry): FindingResource {
  return entry.isRoot ? { type: 'RootAccount', name: '<root_account>', arn: entry.arn } : { type: 'User', name: entry.user, arn: entry.arn }
}

/** The report names keys by slot, not id; the slot and its rotation date identify one key. */
export function keyResource(entry: CredentialReportEntry, key: AccessKeySlot): FindingResource {
  return { type: 'AccessKey', name: `${entry.isRoot ? '<root_account>' : entry.user} access key ${key.slot}`, arn: entry.arn }
}

export function keyDiscriminator(key: AccessKeySlot): string {
  return `key${key.slot}@${key.lastRotated?.toISOString() ?? ''}`
}
