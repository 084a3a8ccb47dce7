import type { FindingResource } from '../finding.js'
import type { AuditSettings } from './rule.js'

// The account's own ARN as IAM names it in policies; `unknown` when the caller identity failed.
function accountArn(settings: Pick<AuditSettings, 'accountId'>): string {
  return `arn:aws:iam::${settings.accountId ?? 'unknown'}:root`
}

/** The account itself, for findings about something it lacks (a support role). */
export function accountResource(settings: Pick<AuditSettings, 'accountId'>): FindingResource {
  return { type: 'Account', name: settings.accountId ?? 'unknown', arn: accountArn(settings) }
}

/** One account-wide setting, named as IAM's API names it (e.g. `MinimumPasswordLength`). */
export function settingResource(settings: Pick<AuditSettings, 'accountId'>, setting: string): FindingResource {
  return { type: 'AccountSetting', name: setting, arn: accountArn(settings) }
}

/** A region of the account (Access Analyzer is regional). */
export function regionResource(settings: Pick<AuditSettings, 'accountId'>, region: string): FindingResource {
  return { type: 'Region', name: region, arn: `arn:aws:access-analyzer:${region}:${settings.accountId ?? 'unknown'}:analyzer` }
}
