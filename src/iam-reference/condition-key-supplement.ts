import type { SupplementKey } from './iam-reference.js'

/**
 * Condition keys that AWS uses in its own managed policies but that the Service Authorization
 * Reference data does not list. Keep it short: each entry says where AWS uses the key, and an
 * entry goes once the data has it (the managed-policy corpus test shows which are still needed).
 */
export const CONDITION_KEY_SUPPLEMENT: readonly SupplementKey[] = [
  {
    key: 'aws:PrincipalOrgMasterAccountId',
    services: [],
    source: 'AWS managed policy AWSSSOServiceRolePolicy (the organization management account of the caller; an older global key)',
  },
  { key: 'deepracer:UserToken', services: ['deepracer'], source: 'AWS managed policies AWSDeepRacerAccountAdminAccess, AWSDeepRacerDefaultMultiUserAccess' },
  { key: 'deepracer:MultiUser', services: ['deepracer'], source: 'AWS managed policy AWSDeepRacerDefaultMultiUserAccess' },
  { key: 'lakeformation:GlueARN', services: ['lakeformation'], source: 'AWS managed policy AmazonDataZoneGlueManageAccessRolePolicy' },
]
