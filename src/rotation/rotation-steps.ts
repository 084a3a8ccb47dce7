import { failureWith } from './failure.js'
import type { RotationJournal, RotationRecord } from './journal.js'
import { explainDenied } from './permission-error.js'
import { DEFAULT_POLL_LIMITS, waitUntilKeyAnswers } from './propagation.js'
import { retireOldKey, type RetiredAs } from './retire-old-key.js'
import { rollBack } from './rollback.js'
import type { RotationDeps } from './rotation-deps.js'
import type { RotationPlan } from './rotation-plan.js'
import { deniedContext, type RotationSession } from './rotation-session.js'

export interface Rotated {
  oldAccessKeyId: string
  newAccessKeyId: string
  oldKey: RetiredAs
}

/**
 * Steps 4–8 of SPEC §5 for a confirmed plan. Until the profile holds the new key every failure
 * is rolled back; after that nothing is undone, and the journal stays until the old key is
 * retired so that the next run can finish.
 */
export async function performRotation(
  plan: Extract<RotationPlan, { kind: 'rotate' }>,
  session: RotationSession,
  journal: RotationJournal,
  deps: RotationDeps,
): Promise<Rotated> {
  const { iam, clock, reporter } = deps
  const denied = deniedContext(session)
  const oldAccessKeyId = plan.oldKey.accessKeyId
  if (plan.deleteFirst) {
    const inactive = plan.deleteFirst.accessKeyId
    await explainDenied('iam:DeleteAccessKey', denied, () => iam.deleteAccessKey(session.iamSigner, session.userName, inactive))
    reporter.info(`Deleted the Inactive key ${inactive} (--delete-inactive).`)
  }

  const intent: RotationRecord = {
    profile: session.profile,
    account: session.account,
    userArn: session.userArn,
    userName: session.userName,
    oldAccessKeyId,
    oldSecretAccessKey: session.fileKey.secretAccessKey,
    keysBefore: plan.keysBefore,
    keepOld: plan.keepOld,
    startedAt: clock.now().toISOString(),
  }
  await journal.write(intent)
  deps.checkpoint?.('journaled')
  let record = intent
  try {
    const created = await explainDenied('iam:CreateAccessKey', denied, () => iam.createAccessKey(session.iamSigner, session.userName))
    const newKey = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey }
    record = { ...intent, newKey: { ...newKey, createDate: created.createDate.toISOString() } }
    // Before anything else: from here on, the new secret must survive a crash.
    await journal.write(record)
    reporter.info(`Created ${newKey.accessKeyId}; waiting until AWS accepts it…`)
    const polled = await waitUntilKeyAnswers(newKey, session.userArn, { sts: deps.sts, clock, limits: { ...DEFAULT_POLL_LIMITS, ...deps.poll } })
    reporter.debug(`the new key answered after ${polled.attempts} attempt(s), ${polled.elapsedMs} ms`)
    // Step 6: the new key replaces the old one where the profile keeps it, and nothing else changes.
    await session.holder.replace(oldAccessKeyId, newKey)
  } catch (err) {
    throw await rollBack(err, record, session, journal, deps)
  }

  const newKey = { accessKeyId: record.newKey!.accessKeyId, secretAccessKey: record.newKey!.secretAccessKey }
  let oldKey: RetiredAs
  try {
    oldKey = await retireOldKey(plan.oldKey, { keepOld: plan.keepOld, newKey }, session, deps)
  } catch (err) {
    throw failureWith(
      err,
      `the new key ${newKey.accessKeyId} is saved in [${session.profile}] and works, but retiring the old key ${oldAccessKeyId} did not complete; run "iamkit rotate ${session.profile}" again to finish (${journal.path} remembers the rotation)`,
    )
  }
  await journal.remove()
  return { oldAccessKeyId, newAccessKeyId: newKey.accessKeyId, oldKey }
}
