import type { AccessKeyInfo } from '../aws/iam-gateway.js'
import { UsageError } from '../errors.js'
import type { RotationJournal, RotationRecord } from './journal.js'
import { retireOldKey, type RetiredAs } from './retire-old-key.js'
import type { RotationDeps } from './rotation-deps.js'
import type { RotationSession } from './rotation-session.js'
import { describeUnproven, findKeysToTakeBack, keysAfterTakeBack, type KeysToTakeBack, takeBack, type UnprovenKey } from './take-back.js'

/**
 * What to do with a journal left by an interrupted rotation. The credentials file decides:
 * once it holds the new key (step 6 happened) the rotation is finished, otherwise undone.
 */
export type RecoveryPlan =
  | { kind: 'finish'; record: RotationRecord; oldKey?: AccessKeyInfo }
  | { kind: 'undo'; record: RotationRecord; takeBack: KeysToTakeBack }

export type RecoveryOutcome =
  | { kind: 'finished'; record: RotationRecord; oldKey: RetiredAs; explanation: string }
  | { kind: 'undone'; record: RotationRecord; deleted: string[]; unproven: UnprovenKey[]; explanation: string }

export async function planRecovery(record: RotationRecord, session: RotationSession, keys: AccessKeyInfo[], journalPath: string, deps: RotationDeps): Promise<RecoveryPlan> {
  const held = session.fileKey.accessKeyId
  if (record.userArn !== session.userArn) {
    throw mismatch(journalPath, `it rotates ${record.userArn} but profile "${session.profile}" now belongs to ${session.userArn}`)
  }
  if (record.newKey && held === record.newKey.accessKeyId) {
    return { kind: 'finish', record, oldKey: keys.find((k) => k.accessKeyId === record.oldAccessKeyId) }
  }
  if (held === record.oldAccessKeyId) {
    return { kind: 'undo', record, takeBack: await findKeysToTakeBack(record, keys, session, deps) }
  }
  throw mismatch(journalPath, `it replaces ${record.oldAccessKeyId} with ${record.newKey?.accessKeyId ?? 'a new key'} but profile "${session.profile}" now holds ${held}`)
}

/** The keys the user will have once the plan is carried out. */
export function keysAfterRecovery(plan: RecoveryPlan, keys: AccessKeyInfo[]): AccessKeyInfo[] {
  if (plan.kind === 'undo') return keysAfterTakeBack(plan.takeBack, keys)
  return keys.filter((k) => plan.record.keepOld || k.accessKeyId !== plan.record.oldAccessKeyId)
}

/** One sentence on what recovery will do (`dry-run`) or did. */
export function describeRecovery(plan: RecoveryPlan, session: RotationSession, journalPath: string, done: boolean): string {
  const { record } = plan
  const found = `${done ? 'found' : 'will recover'} an interrupted rotation of profile "${record.profile}" (started ${record.startedAt}, journal ${journalPath})`
  if (plan.kind === 'finish') {
    const retire = !plan.oldKey
      ? `the old key ${record.oldAccessKeyId} was already gone`
      : `${record.keepOld ? (done ? 'deactivated' : 'will deactivate') : done ? 'deactivated and deleted' : 'will deactivate and delete'} the old key ${record.oldAccessKeyId}`
    return `${found}: the profile already held the new key ${record.newKey!.accessKeyId}, so it ${done ? 'was' : 'will be'} finished: ${retire}`
  }
  const undo = done ? 'it was undone' : 'it will be undone'
  const { journaled, unproven } = plan.takeBack
  const ours = journaled
    ? `the new key never reached the profile, so ${undo}: ${done ? 'deleted' : 'delete'} ${journaled.accessKeyId}; the profile keeps ${record.oldAccessKeyId}`
    : `no new key of this rotation existed and the profile still held ${record.oldAccessKeyId}, so ${undo} by removing the journal`
  return unproven.length ? `${found}: ${ours}; ${describeUnproven(unproven, session, done)}` : `${found}: ${ours}`
}

/** Carries out the plan, then removes the journal; says what was done. */
export async function recover(plan: RecoveryPlan, session: RotationSession, journal: RotationJournal, deps: RotationDeps): Promise<RecoveryOutcome> {
  const explanation = describeRecovery(plan, session, journal.path, true)
  if (plan.kind === 'finish') {
    const oldKey = await retireOldKey(plan.oldKey, { keepOld: plan.record.keepOld, newKey: session.fileKey }, session, deps)
    await journal.remove()
    return { kind: 'finished', record: plan.record, oldKey, explanation }
  }
  await takeBack(plan.takeBack, session, deps)
  await journal.remove()
  const deleted = plan.takeBack.journaled ? [plan.takeBack.journaled.accessKeyId] : []
  return { kind: 'undone', record: plan.record, deleted, unproven: plan.takeBack.unproven, explanation }
}

function mismatch(journalPath: string, why: string): UsageError {
  return new UsageError(
    'JOURNAL_MISMATCH',
    `the rotation journal ${journalPath} does not match the profile (${why}); nothing was changed: check which key you need, then move the journal away (it may hold a secret)`,
  )
}
