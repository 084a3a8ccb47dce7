import type { Credentials } from '../aws/switchable-credentials.js'
import { SystemError, UsageError } from '../errors.js'
import { type HeldLock, LockLostError } from '../profiles/file-lock.js'
import { credentialsSection, sessionProfileName } from '../profiles/profile.js'
import type { Profile } from '../profiles/profile.js'
import { credentialsFileKeys, type ProfileKey } from '../profiles/key-store.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import { readSession } from '../session/session-cache.js'
import { formatExpiration, isExpired } from '../session/session-credentials.js'
import { RotationJournal } from './journal.js'
import { describeKey, lastUses, listKeys } from './key-inventory.js'
import { DEFAULT_POLL_LIMITS } from './propagation.js'
import { describeRecovery, keysAfterRecovery, planRecovery, recover } from './recovery.js'
import type { RotationDeps } from './rotation-deps.js'
import { describeRotation, planRotation, type RotationOptions, type RotationPlan } from './rotation-plan.js'
import type { RotateOutcome, RotateResult } from './rotation-result.js'
import { performRotation } from './rotation-steps.js'
import { openRotationSession, type RotationSession } from './rotation-session.js'
import { unprovenKeysError } from './take-back.js'

export interface RotateRequest extends RotationOptions {
  profile: string
  /** `--dry-run`: read-only calls, then print the plan. */
  dryRun: boolean
  /** `--yes`: no confirmation even on a terminal. */
  yes: boolean
}

/**
 * `iamkit rotate` (SPEC §5): replaces the profile's access key without ever leaving it without
 * a working one; an interrupted earlier rotation of the profile is finished or undone first,
 * from its journal.
 *
 * Steps 1–2 (whose key it is, the run's MFA session) come before any lock, because the code may
 * wait for a person or `mfa_process` (§5.2, §0). The IAM steps then run under the profile's
 * rotation lock, `<journal>.lock`: two rotations of one profile must not interleave, and the
 * journal is what the next run recovers from. It is not a profile file's lock, so other iamkit
 * writes go on meanwhile; the credentials file is locked only for step 6's rewrite. `--dry-run`
 * only reads, and takes no lock.
 */
export async function rotateAccessKey(request: RotateRequest, deps: RotationDeps): Promise<RotateOutcome> {
  const snapshot = await deps.store.read()
  const profile = snapshot.require(request.profile)
  const holder = (deps.keys ?? credentialsFileKeys(deps.store)).forProfile(profile)
  const fileKey = await holder.load()
  if (holder.store === 'file') assertInCredentialsFile(snapshot, profile, fileKey)
  // A vault profile's journal keeps its secrets sealed in the same vault (SPEC §8).
  const journal = new RotationJournal(deps.store.paths.credentials, profile.name, holder.journalSecrets)
  for (const other of await journal.otherInterruptedProfiles()) {
    deps.reporter.warn(`a rotation of profile "${other}" was interrupted; run "iamkit rotate ${other}" to finish or undo it`)
  }
  // A journal iamkit cannot read stops the run before a code is asked for; it is read again under the lock.
  await journal.read()
  const session = await openRotationSession(profile, holder, fileKey, deps)
  if (request.dryRun) return rotateLocked(request, deps, { snapshot, profile, holder, fileKey, journal, session })

  return deps.store.withLock(journal.path, async (lock) => {
    try {
      // While this run waited, another rotation of the profile may have replaced the key it signed in with.
      const held = await holder.heldKeyId()
      if (held !== fileKey.accessKeyId) {
        throw new SystemError('PROFILE_CHANGED', `${holder.location} no longer holds ${fileKey.accessKeyId} (it now has ${held ?? 'no key'}): another rotation replaced it while this one waited for ${lock.path}; nothing was changed`)
      }
      const guardedDeps = { ...deps, iam: guardedBy(lock, deps.iam) }
      const guardedSession = { ...session, holder: guardedBy(lock, session.holder) }
      return await rotateLocked(request, guardedDeps, { snapshot, profile, holder: guardedSession.holder, fileKey, journal: guardedBy(lock, journal), session: guardedSession })
    } catch (err) {
      if (!(await lock.isHeld())) throw rotationLockLost(err, lock, profile.name, journal.path)
      throw err
    }
  })
}

/** What the run read and opened before its lock: the IAM steps work from it. */
interface RotationStart {
  snapshot: ProfileSnapshot
  profile: Profile
  holder: ProfileKey
  fileKey: Credentials
  journal: RotationJournal
  session: RotationSession
}

/**
 * `target` with every method first checking that the run still holds its rotation lock: each
 * IAM call, journal write and key write is a step boundary where a run paused past the lock's
 * stale time, whose lock another iamkit took over meanwhile, stops instead of acting on a
 * rotation that is no longer its own.
 */
function guardedBy<T extends object>(lock: HeldLock, target: T): T {
  return new Proxy(target, {
    get(object, name) {
      const value: unknown = Reflect.get(object, name, object)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        await lock.assertHeld()
        return (value as (...a: unknown[]) => unknown).apply(object, args)
      }
    },
  })
}

function rotationLockLost(cause: unknown, lock: HeldLock, profile: string, journalPath: string): SystemError {
  let lost: unknown = cause
  while (lost instanceof Error && !(lost instanceof LockLostError)) lost = lost.cause
  const by = lost instanceof LockLostError ? lost.takenBy : 'another process'
  return new SystemError(
    'LOCK_LOST',
    `iamkit rotate ${profile} stopped: it was paused (Ctrl-Z, a sleeping machine) for longer than its lock may go unrefreshed, and ${by} took over ${lock.path}; it changed nothing after that: run "iamkit rotate ${profile}" once no other rotation of it runs, to finish or undo what it left (from ${journalPath})`,
    { cause },
  )
}

async function rotateLocked(request: RotateRequest, deps: RotationDeps, start: RotationStart): Promise<RotateOutcome> {
  const { snapshot, profile, holder, fileKey, journal, session } = start
  const record = await journal.read()
  let keys = await listKeys(session, deps)
  const preface: string[] = []
  let recovered: RotateResult['recovery']

  if (record) {
    const recovery = await planRecovery(record, session, keys, journal.path, deps)
    const unproven = recovery.kind === 'undo' ? recovery.takeBack.unproven : []
    if (request.dryRun) {
      preface.push(`${capitalise(describeRecovery(recovery, session, journal.path, false))}.`)
      if (unproven.length) preface.push('Then stop: the new rotation will not start until you have decided about those keys.')
      if (recovery.kind === 'finish' || unproven.length) return dryRun(session, fileKey, preface)
      keys = keysAfterRecovery(recovery, keys)
    } else {
      const outcome = await recover(recovery, session, journal, deps)
      deps.reporter.info(`${capitalise(outcome.explanation)}.`)
      if (outcome.kind === 'finished') {
        // The interrupted run was this same request: finishing it completes the rotation.
        noteOldSessions(snapshot, profile.name, deps)
        return rotatedOutcome(session, { oldAccessKeyId: outcome.record.oldAccessKeyId, newAccessKeyId: fileKey.accessKeyId, oldKey: outcome.oldKey }, 'finished', deps)
      }
      if (outcome.unproven.length) throw unprovenKeysError(outcome.unproven, session)
      keys = keysAfterRecovery(recovery, keys)
      recovered = 'undone'
    }
  }

  const now = deps.clock.now()
  const plan = planRotation(keys, fileKey.accessKeyId, request, now)
  if (plan.kind === 'skip') {
    const line = `The key ${plan.oldKey.accessKeyId} of profile ${profile.name} is ${plan.ageDays} days old, younger than --if-older-than ${plan.minAgeDays}: not rotated.`
    return { result: notRotated(session, fileKey, recovered), lines: [line] }
  }
  if (plan.kind === 'key-limit') throw await keyLimitError(plan, session, deps)

  const ask = deps.confirm !== undefined && !request.yes && !request.dryRun
  const uses = request.dryRun || ask ? await lastUses([plan.oldKey, ...(plan.deleteFirst ? [plan.deleteFirst] : [])], session, deps) : undefined
  const description = describeRotation(plan, {
    session,
    keyLocation: holder.location,
    journalPath: journal.path,
    pollTimeoutMs: { ...DEFAULT_POLL_LIMITS, ...deps.poll }.timeoutMs,
    now,
    lastUses: uses,
  })
  if (request.dryRun) return dryRun(session, fileKey, [...preface, ...description])
  if (ask) {
    deps.reporter.info(description.join('\n'))
    if (!(await deps.confirm!('Rotate now?'))) {
      const line = recovered ? 'Not rotated (the interrupted rotation was undone first).' : 'Not rotated: nothing was changed.'
      return { result: notRotated(session, fileKey, recovered), lines: [line] }
    }
  }

  const rotated = await performRotation(plan, session, journal, deps)
  noteOldSessions(snapshot, profile.name, deps)
  return rotatedOutcome(session, rotated, recovered, deps)
}

/** A file profile's key must live in the credentials file: that is the file rotate rewrites. */
function assertInCredentialsFile(snapshot: ProfileSnapshot, profile: Profile, key: Credentials): void {
  const inFile = snapshot.credentials.document.get(credentialsSection(profile.name), 'aws_access_key_id')
  if (inFile !== key.accessKeyId) {
    throw new UsageError(
      'KEY_NOT_IN_CREDENTIALS_FILE',
      `the access key of profile "${profile.name}" is in ${snapshot.config.path}, and iamkit rotate writes only ${snapshot.credentials.path}; move aws_access_key_id and aws_secret_access_key to [${profile.name}] there`,
    )
  }
}

/** The refusal names both keys once, in its one line (which --json carries too). */
async function keyLimitError(plan: Extract<RotationPlan, { kind: 'key-limit' }>, session: RotationSession, deps: RotationDeps): Promise<UsageError> {
  const now = deps.clock.now()
  const uses = await lastUses([plan.oldKey, plan.other], session, deps)
  const lines = [
    describeKey(plan.oldKey, now, { lastUse: uses.get(plan.oldKey.accessKeyId), heldByProfile: session.profile }),
    describeKey(plan.other, now, { lastUse: uses.get(plan.other.accessKeyId) }),
  ]
  const other = plan.other.accessKeyId
  const fix =
    plan.other.status === 'Inactive'
      ? `pass --delete-inactive to delete the Inactive key ${other} first`
      : `if ${other} is no longer needed, deactivate it (aws iam update-access-key --user-name ${session.userName} --access-key-id ${other} --status Inactive) and run again with --delete-inactive`
  return new UsageError('KEY_LIMIT', `IAM user ${session.userName} already has two access keys, the most IAM allows (${lines.join('; ')}); ${fix}`)
}

/** Sessions made from the old key are not revoked by deleting it; say so, and how to replace them. */
function noteOldSessions(snapshot: ProfileSnapshot, profile: string, deps: RotationDeps): void {
  const cached = readSession(snapshot, profile)
  if (cached && !isExpired(cached, deps.clock.now())) {
    deps.reporter.info(
      `Note: the session in [${sessionProfileName(profile)}] was made with the old key and keeps working until ${formatExpiration(cached.expiration)}; "iamkit login ${profile} --force" replaces it.`,
    )
  } else {
    deps.reporter.info('Note: sessions made with the old key (iamkit login, aws sts get-session-token) keep working until they expire.')
  }
}

function rotatedOutcome(
  session: RotationSession,
  rotated: { oldAccessKeyId: string; newAccessKeyId: string; oldKey: 'deleted' | 'inactive' },
  recovery: RotateResult['recovery'],
  deps: RotationDeps,
): RotateOutcome {
  const result: RotateResult = {
    profile: session.profile,
    user: session.userName,
    oldAccessKeyId: rotated.oldAccessKeyId,
    newAccessKeyId: rotated.newAccessKeyId,
    oldKey: rotated.oldKey,
    rotated: true,
    ...(recovery ? { recovery } : {}),
  }
  const fate = rotated.oldKey === 'deleted' ? 'deleted' : 'left Inactive (--keep-old)'
  return {
    result,
    lines: [
      `Rotated the access key of IAM user ${session.userName} (profile ${session.profile}): ${rotated.newAccessKeyId} is in ${session.holder.location}; the old key ${rotated.oldAccessKeyId} was ${fate}.`,
    ],
  }
}

function notRotated(session: RotationSession, fileKey: Credentials, recovery?: RotateResult['recovery']): RotateResult {
  return {
    profile: session.profile,
    user: session.userName,
    oldAccessKeyId: fileKey.accessKeyId,
    newAccessKeyId: null,
    oldKey: null,
    rotated: false,
    ...(recovery ? { recovery } : {}),
  }
}

function dryRun(session: RotationSession, fileKey: Credentials, plan: string[]): RotateOutcome {
  return { result: { ...notRotated(session, fileKey), plan }, lines: ['Dry run: nothing will be changed.', ...plan] }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
