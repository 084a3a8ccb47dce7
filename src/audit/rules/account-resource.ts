import type { FindingResource } from '../finding.js'
import type { AuditSettings } from './rule.js'

type AccountSettings = Pick<AuditSettings, 'accountId' | 'partition'>

// The account's own ARN as IAM names it in policies; `unknown` when the caller identity failed.
function accountArn(settings: AccountSettings): string {
  return `arn:${settings.partition}:iam::${settings.accountId ?? 'unknown'}:root`
}

/** The account itself, for findings about something it lacks (a support role). */
export function accountResource(settings: AccountSettings): FindingResource {
  return { type: 'Account', name: settings.accountId ?? 'unknown', arn: accountArn(settings) }
}

/** One account-wide setting, named as IAM's API names it (e.g. `MinimumPasswordLength`). */
export function settingResource(settings: AccountSettings, setting: string): FindingResource {
  return { type: 'AccountSetting', name: setting, arn: accountArn(settings) }
}

/** A region of the account (Access Analyzer is regional). */
export function regionResource(settings: AccountSettings, region: string): FindingResource {
  return { type: 'Region', name: region, arn: `arn:${settings.partition}:access-analyzer:${region}:${settings.accountId ?? 'unknown'}:analyzer` }
}
