import type { AccessKeyInfo, AccessKeyLastUse } from '../aws/iam-gateway.js'
import { AwsError } from '../errors.js'
import { ageInDays, describeKey } from './key-inventory.js'
import type { RotationSession } from './rotation-session.js'

export interface RotationOptions {
  /** `--if-older-than DAYS`: rotate only a key at least this old. */
  ifOlderThanDays?: number
  /** `--delete-inactive`: make room by deleting the user's other key when it is Inactive. */
  deleteInactive: boolean
  /** `--keep-old`: leave the old key Inactive instead of deleting it. */
  keepOld: boolean
}

/** What this run will do, decided from the user's keys before anything changes. */
export type RotationPlan =
  | { kind: 'skip'; oldKey: AccessKeyInfo; ageDays: number; minAgeDays: number }
  | { kind: 'key-limit'; oldKey: AccessKeyInfo; other: AccessKeyInfo }
  | { kind: 'rotate'; oldKey: AccessKeyInfo; deleteFirst?: AccessKeyInfo; keysBefore: string[]; keepOld: boolean }

export function planRotation(keys: AccessKeyInfo[], oldKeyId: string, options: RotationOptions, now: Date): RotationPlan {
  const oldKey = keys.find((k) => k.accessKeyId === oldKeyId)
  if (!oldKey) {
    throw new AwsError(
      'KEY_NOT_LISTED',
      `iam:ListAccessKeys does not list the profile's key ${oldKeyId} among ${keys.length ? keys.map((k) => k.accessKeyId).join(', ') : 'no keys'}; if the key was just created, wait a minute and try again`,
    )
  }
  const ageDays = ageInDays(oldKey, now)
  if (options.ifOlderThanDays !== undefined && ageDays < options.ifOlderThanDays) {
    return { kind: 'skip', oldKey, ageDays, minAgeDays: options.ifOlderThanDays }
  }
  // IAM allows two keys per user, and rotating needs a free slot.
  const other = keys.find((k) => k.accessKeyId !== oldKeyId)
  if (other && !(options.deleteInactive && other.status === 'Inactive')) return { kind: 'key-limit', oldKey, other }
  const keysBefore = keys.filter((k) => k !== other).map((k) => k.accessKeyId)
  return { kind: 'rotate', oldKey, ...(other ? { deleteFirst: other } : {}), keysBefore, keepOld: options.keepOld }
}

export interface PlanContext {
  session: RotationSession
  /** Where step 6 writes: "[default] of ~/.aws/credentials", a vault file, the OS keychain. */
  keyLocation: string
  journalPath: string
  pollTimeoutMs: number
  now: Date
  lastUses?: Map<string, AccessKeyLastUse>
}

/** The steps a rotation will take, in words, for `--dry-run` and the confirmation prompt. */
export function describeRotation(plan: Extract<RotationPlan, { kind: 'rotate' }>, context: PlanContext): string[] {
  const { session } = context
  const old = plan.oldKey.accessKeyId
  const steps = [
    ...(plan.deleteFirst ? [`delete the Inactive key ${keyLine(plan.deleteFirst, context)} (--delete-inactive)`] : []),
    `create a new access key for ${session.userName} and journal its secret in ${context.journalPath}`,
    `wait until the new key answers sts:GetCallerIdentity as ${session.userArn} (up to ${context.pollTimeoutMs / 1000} s)`,
    `write the new key into ${context.keyLocation}`,
    `${plan.keepOld ? 'deactivate' : 'deactivate, then delete'} the old key ${keyLine(plan.oldKey, context)}, signed with ${session.mfaSerial ? 'the MFA session' : 'the new key'}`,
    'remove the journal',
  ]
  return [
    `Rotate the access key of IAM user ${session.userName} (account ${session.account}) held by profile ${session.profile} (${old}):`,
    ...steps.map((step, i) => `  ${i + 1}. ${step}`),
  ]
}

function keyLine(key: AccessKeyInfo, context: PlanContext): string {
  return describeKey(key, context.now, { lastUse: context.lastUses?.get(key.accessKeyId) })
}
