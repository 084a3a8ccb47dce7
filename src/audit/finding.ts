import { hash } from 'node:crypto'

import type { FindingType } from './finding-types.js'
import type { Severity } from './severity.js'

export type ResourceType = 'User' | 'Role' | 'Group' | 'Policy' | 'AccessKey' | 'RootAccount' | 'Account' | 'AccountSetting' | 'Region' | 'ServerCertificate'

/** The account a finding is in: its id, and its name when known (the organization's name or the alias). */
export interface FindingAccount {
  id: string | null
  name: string | null
}

export interface FindingResource {
  type: ResourceType
  name: string
  arn: string
}

/** One finding, in the shape of SPEC §7's JSON. */
export interface Finding {
  id: string
  type: FindingType
  severity: Severity
  resource: FindingResource
  account: FindingAccount
  detail: string
  /** ISO 8601 UTC of the last use, or null when never used or not applicable. */
  lastUsed: string | null
  /** Whole days since the resource was created (or the key last rotated), or null when unknown. */
  ageDays: number | null
  recommendation: string
  /** For permission findings: the policies and statements it comes from; empty otherwise. */
  via: string[]
}

/**
 * The finding id: the same resource and type give the same id on every run, so CI dashboards
 * and ignore lists can follow a finding. `discriminator` separates several findings of one type
 * on one resource (e.g. a user's two access keys, a policy's statements). ARNs name their
 * account, which keeps ids unique across an organization; for an ARN that does not (an AWS
 * managed policy) the account id is hashed in too, so ids of single-account runs stay as before.
 */
export function findingId(type: FindingType, arn: string, discriminator = '', accountId: string | null = null): string {
  const scope = accountId && !arn.includes(`:${accountId}:`) ? `\n${accountId}` : ''
  // One-shot hash: a Hash object per finding cost more than the digest (71,877 of them at 25,000 entities).
  return `${type}-${hash('sha256', `${type}\n${arn}\n${discriminator}${scope}`, 'hex').slice(0, 16)}`
}
