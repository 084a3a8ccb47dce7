import type { AccessKeyInfo, AccessKeyLastUse } from '../aws/iam-gateway.js'
import { awsErrorName } from '../aws/aws-error.js'
import { UsageError } from '../errors.js'
import { deleteKeys } from './delete-keys.js'
import { keysThatAppearedDuring, type RotationRecord } from './journal.js'
import { lastUses } from './key-inventory.js'
import { explainDenied } from './permission-error.js'
import type { RotationDeps } from './rotation-deps.js'
import { deniedContext, type RotationSession } from './rotation-session.js'

/**
 * A key that appeared while a rotation ran but whose secret never reached iamkit: the answer of
 * its CreateAccessKey was lost, or another tool made it meanwhile. iamkit cannot tell the two
 * apart, so it never deletes such a key (SPEC §5, issue 9): one that has never been used is
 * deactivated (it can have served no one, and deactivation is undone with one call), one that
 * has been used is someone's working key and is left alone. Either way the person is told.
 */
export interface UnprovenKey {
  key: AccessKeyInfo
  lastUse: AccessKeyLastUse
}

/** What undoing a rotation takes back: the key the journal holds the secret of, and the unproven ones. */
export interface KeysToTakeBack {
  /** The rotation's own new key (its secret is in the journal): deleted. */
  journaled?: AccessKeyInfo
  unproven: UnprovenKey[]
}

/** Sorts the user's keys; asks IAM when each unproven key was last used (no call when there is none). */
export async function findKeysToTakeBack(record: RotationRecord, keys: AccessKeyInfo[], session: RotationSession, deps: RotationDeps): Promise<KeysToTakeBack> {
  const journaled = keys.find((k) => k.accessKeyId === record.newKey?.accessKeyId)
  const appeared = keysThatAppearedDuring(record, keys)
  const uses = appeared.length ? await lastUses(appeared, session, deps) : new Map<string, AccessKeyLastUse>()
  return { ...(journaled ? { journaled } : {}), unproven: appeared.map((key) => ({ key, lastUse: uses.get(key.accessKeyId) ?? {} })) }
}

function neverUsed(unproven: UnprovenKey): boolean {
  return unproven.lastUse.lastUsedDate === undefined
}

/** Deletes the journaled key and deactivates the unproven keys that were never used. */
export async function takeBack(found: KeysToTakeBack, session: RotationSession, deps: RotationDeps): Promise<void> {
  if (found.journaled) await deleteKeys([found.journaled.accessKeyId], session, deps)
  for (const unproven of found.unproven) {
    if (!neverUsed(unproven) || unproven.key.status === 'Inactive') continue
    const id = unproven.key.accessKeyId
    try {
      await explainDenied('iam:UpdateAccessKey', deniedContext(session), () => deps.iam.updateAccessKey(session.iamSigner, session.userName, id, 'Inactive'))
    } catch (err) {
      if (awsErrorName(err) !== 'NoSuchEntity' && awsErrorName(err) !== 'NoSuchEntityException') throw err
    }
  }
}

/** The keys the user has once `takeBack` has run. */
export function keysAfterTakeBack(found: KeysToTakeBack, keys: AccessKeyInfo[]): AccessKeyInfo[] {
  return keys
    .filter((k) => k.accessKeyId !== found.journaled?.accessKeyId)
    .map((k) => {
      const unproven = found.unproven.find((u) => u.key.accessKeyId === k.accessKeyId)
      return unproven && neverUsed(unproven) ? { ...k, status: 'Inactive' as const } : k
    })
}

/** The command that deletes a key, exactly as the person can paste it. */
export function deleteCommand(session: Pick<RotationSession, 'userName' | 'profile'>, accessKeyId: string): string {
  return `aws iam delete-access-key --user-name ${session.userName} --access-key-id ${accessKeyId} --profile ${session.profile}`
}

/**
 * One clause per unproven key: "AKIA… appeared while the rotation ran but its secret never
 * reached iamkit, so iamkit cannot prove it made it: it had never been used, so it was
 * deactivated, not deleted (if no one needs it: aws iam delete-access-key …)".
 */
export function describeUnproven(unproven: UnprovenKey[], session: Pick<RotationSession, 'userName' | 'profile'>, done: boolean): string {
  return unproven
    .map((u) => {
      const id = u.key.accessKeyId
      const head = `${id} appeared while the rotation ran but its secret never reached iamkit, so iamkit cannot prove it made it`
      if (!neverUsed(u)) {
        const when = u.lastUse.lastUsedDate!.toISOString().slice(0, 10)
        const where = [u.lastUse.serviceName, u.lastUse.region].filter(Boolean).join(' in ')
        return `${head}: it was last used ${when}${where ? ` (${where})` : ''}, so it is someone's working key and ${done ? 'was' : 'will be'} left alone (when no one needs it: ${deleteCommand(session, id)})`
      }
      const fate = u.key.status === 'Inactive' ? (done ? 'was left Inactive' : 'will be left Inactive') : done ? 'was deactivated' : 'will be deactivated'
      return `${head}: it had never been used, so it ${fate}, not deleted (if no one needs it: ${deleteCommand(session, id)})`
    })
    .join('; ')
}

/**
 * After an undo that found unproven keys the rotation does not go on: the person decides about
 * those keys first (and `--delete-inactive` must not delete a key iamkit deactivated a moment ago).
 */
export function unprovenKeysError(unproven: UnprovenKey[], session: Pick<RotationSession, 'userName' | 'profile'>): UsageError {
  const ids = unproven.map((u) => u.key.accessKeyId).join(', ')
  return new UsageError(
    'UNPROVEN_KEY',
    `the interrupted rotation was undone, but the new rotation was not started: ${describeUnproven(unproven, session, true)}; decide about ${ids}, then run "iamkit rotate ${session.profile}" again`,
  )
}
