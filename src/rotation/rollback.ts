import { deleteKeys } from './delete-keys.js'
import { failureWith, messageOf } from './failure.js'
import { keysCreatedBy, type RotationJournal, type RotationRecord } from './journal.js'
import { listKeys } from './key-inventory.js'
import type { RotationDeps } from './rotation-deps.js'
import type { RotationSession } from './rotation-session.js'

/**
 * A failure before the profile holds the new key: delete what this rotation created, remove
 * the journal, leave the credentials file as it was, and return the failure saying so. If the
 * rollback fails too, the journal stays, so the next `iamkit rotate` undoes the rotation.
 */
export async function rollBack(cause: unknown, record: RotationRecord, session: RotationSession, journal: RotationJournal, deps: RotationDeps) {
  const again = `run "iamkit rotate ${session.profile}" again to finish it`
  try {
    const held = await session.holder.heldKeyId()
    // The write can fail after its rename (fsync of the folder): then the file already has the new key.
    if (record.newKey && held === record.newKey.accessKeyId) {
      return failureWith(cause, `the new key ${held} is already in [${session.profile}], so nothing was rolled back; ${again}`)
    }
    const created = keysCreatedBy(record, await listKeys(session, deps)).map((k) => k.accessKeyId)
    await deleteKeys(created, session, deps)
    await journal.remove()
    const what = created.length ? `rolled back: deleted the new key ${created.join(', ')}` : 'no new key was created'
    return failureWith(cause, `${what}; [${session.profile}] still holds ${record.oldAccessKeyId}`)
  } catch (rollbackErr) {
    const kept = record.newKey ? `the new key ${record.newKey.accessKeyId} and its secret are kept in ${journal.path}` : `${journal.path} remembers the attempt`
    return failureWith(cause, `the rollback failed too (${messageOf(rollbackErr)}): ${kept}; run "iamkit rotate ${session.profile}" again to undo it`)
  }
}
