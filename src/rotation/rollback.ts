import { failureWith, messageOf } from './failure.js'
import type { RotationJournal, RotationRecord } from './journal.js'
import { listKeys } from './key-inventory.js'
import type { RotationDeps } from './rotation-deps.js'
import type { RotationSession } from './rotation-session.js'
import { describeUnproven, findKeysToTakeBack, takeBack } from './take-back.js'

/**
 * A failure before the profile holds the new key: delete the key this rotation created (its
 * secret is in the journal), deactivate or leave alone any key it cannot prove it made
 * (take-back.ts), remove the journal, leave the credentials file as it was, and return the
 * failure saying so. If the rollback fails too, the journal stays, so the next `iamkit rotate`
 * undoes the rotation.
 */
export async function rollBack(cause: unknown, record: RotationRecord, session: RotationSession, journal: RotationJournal, deps: RotationDeps) {
  const again = `run "iamkit rotate ${session.profile}" again to finish it`
  try {
    const held = await session.holder.heldKeyId()
    // The write can fail after its rename (fsync of the folder): then the file already has the new key.
    if (record.newKey && held === record.newKey.accessKeyId) {
      return failureWith(cause, `the new key ${held} is already in [${session.profile}], so nothing was rolled back; ${again}`)
    }
    const found = await findKeysToTakeBack(record, await listKeys(session, deps), session, deps)
    await takeBack(found, session, deps)
    await journal.remove()
    const what = found.journaled
      ? `rolled back: deleted the new key ${found.journaled.accessKeyId}`
      : found.unproven.length ? 'no new key reached iamkit' : 'no new key was created'
    const unproven = found.unproven.length ? `; ${describeUnproven(found.unproven, session, true)}` : ''
    return failureWith(cause, `${what}; [${session.profile}] still holds ${record.oldAccessKeyId}${unproven}`)
  } catch (rollbackErr) {
    const kept = record.newKey ? `the new key ${record.newKey.accessKeyId} and its secret are kept in ${journal.path}` : `${journal.path} remembers the attempt`
    return failureWith(cause, `the rollback failed too (${messageOf(rollbackErr)}): ${kept}; run "iamkit rotate ${session.profile}" again to undo it`)
  }
}
