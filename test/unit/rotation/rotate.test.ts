import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import * as fs from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { WORKFLOW_CALLS } from '../../../src/aws/workflow-calls.js'
import { toIamkitError } from '../../../src/to-iamkit-error.js'
import type { IamkitError } from '../../../src/errors.js'
import type { WriterFs } from '../../../src/profiles/atomic-write.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { RotationJournal, type RotationRecord } from '../../../src/rotation/journal.js'
import { rotateAccessKey, type RotateRequest } from '../../../src/rotation/rotate.js'
import { awsError, CREDENTIALS_TEXT, MFA_SERIAL, OLD_KEY, rig, type Rig, SESSION, USER_ARN } from './fake-aws.js'

const request = (extra: Partial<RotateRequest> = {}): RotateRequest => ({
  profile: 'default',
  dryRun: false,
  yes: false,
  keepOld: false,
  deleteInactive: false,
  ...extra,
})

const WITH_MFA = CREDENTIALS_TEXT.replace('region = eu-west-1\n', `region = eu-west-1\nmfa_serial = ${MFA_SERIAL}\n`)
const throttled = () => awsError('Throttling', 'Rate exceeded')
const denied = (call: string) => awsError('AccessDenied', `User: ${USER_ARN} is not authorized to perform: ${call}`, 403)

/** Every command any scenario in this file sent, for the least-privilege check at the end. */
const everyCall = new Set<string>()

let r: Rig

async function failure(promise: Promise<unknown>): Promise<IamkitError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(Error)
  // As the command would report it: the CLI maps SDK errors in one place.
  return toIamkitError(err)
}

async function fileText(): Promise<string> {
  return readFile(r.store.paths.credentials, 'utf8')
}

async function journalFiles(): Promise<string[]> {
  return (await readdir(r.dir)).filter((f) => f.includes('.iamkit-rotate.'))
}

/** The invariants of SPEC §5 after any run: a working key in the file, no stray active key, no lost secret. */
async function expectSafe(options: { journalAllowed?: boolean } = {}) {
  const text = await fileText()
  const held = /\[default\]\naws_access_key_id = (\S+)\naws_secret_access_key = (\S+)/.exec(text)!
  const [, heldId, heldSecret] = held
  expect(r.aws.activeKeys()).toContain(heldId)
  expect(r.aws.secretOf(heldId!)).toBe(heldSecret)
  expect(r.aws.keys.length).toBeLessThanOrEqual(2)
  const journal = await new RotationJournal(r.store.paths.credentials, 'default').read()
  if (!options.journalAllowed) expect(journal).toBeUndefined()
  for (const key of r.aws.keys) {
    const holders = [
      heldId === key.accessKeyId ? heldSecret : undefined,
      journal?.newKey?.accessKeyId === key.accessKeyId ? journal.newKey.secretAccessKey : undefined,
      journal?.oldAccessKeyId === key.accessKeyId ? journal.oldSecretAccessKey : undefined,
    ]
    if (key.status === 'Active') expect(holders).toContain(key.secretAccessKey)
  }
  for (const line of r.reporter.lines) for (const key of r.aws.keys) expect(line).not.toContain(key.secretAccessKey)
}

beforeEach(async () => {
  r = await rig()
})
afterEach(async () => {
  for (const call of r.aws.everyCommandSent()) everyCall.add(call)
  await r.dispose()
})

describe('a rotation that succeeds', () => {
  it('creates, verifies, saves, then deactivates and deletes the old key signed with the new key', async () => {
    const { result, lines } = await rotateAccessKey(request(), r.deps)
    const newKey = r.aws.keys[0]!
    expect(r.aws.keys.map((k) => k.accessKeyId)).toEqual([newKey.accessKeyId])
    expect(result).toEqual({ profile: 'default', user: 'alice', oldAccessKeyId: OLD_KEY.accessKeyId, newAccessKeyId: newKey.accessKeyId, oldKey: 'deleted', rotated: true })
    expect(r.aws.sent.map((s) => [s.call, s.signer])).toEqual([
      ['sts:GetCallerIdentity', OLD_KEY.accessKeyId],
      ['iam:ListAccessKeys', OLD_KEY.accessKeyId],
      ['iam:CreateAccessKey', OLD_KEY.accessKeyId],
      ['sts:GetCallerIdentity', newKey.accessKeyId],
      ['iam:UpdateAccessKey', newKey.accessKeyId],
      ['iam:DeleteAccessKey', newKey.accessKeyId],
    ])
    expect(await fileText()).toBe(CREDENTIALS_TEXT.replace(OLD_KEY.accessKeyId, newKey.accessKeyId).replace(OLD_KEY.secretAccessKey, newKey.secretAccessKey))
    expect(lines.join('\n')).toContain(`the old key ${OLD_KEY.accessKeyId} was deleted`)
    expect(r.reporter.lines.join('\n')).toMatch(/sessions made with the old key .* keep working until they expire/)
    await expectSafe()
  })

  it('journals the new secret, 0600, before it checks the key', async () => {
    let seen: { mode: number; record: RotationRecord } | undefined
    r.aws.onCall = async (call) => {
      if (call.call !== 'sts:GetCallerIdentity' || call.signer === OLD_KEY.accessKeyId) return
      const journal = new RotationJournal(r.store.paths.credentials, 'default')
      seen = { mode: (await stat(journal.path)).mode & 0o777, record: (await journal.read())! }
    }
    await rotateAccessKey(request(), r.deps)
    const newKey = r.aws.keys[0]!
    expect(seen?.mode).toBe(0o600)
    expect(seen?.record).toMatchObject({ profile: 'default', userArn: USER_ARN, oldAccessKeyId: OLD_KEY.accessKeyId, keysBefore: [OLD_KEY.accessKeyId] })
    expect(seen?.record.newKey).toMatchObject({ accessKeyId: newKey.accessKeyId, secretAccessKey: newKey.secretAccessKey })
    expect(await journalFiles()).toEqual([])
  })

  it('leaves the old key Inactive with --keep-old', async () => {
    const { result } = await rotateAccessKey(request({ keepOld: true }), r.deps)
    expect(result.oldKey).toBe('inactive')
    expect(r.aws.keys.find((k) => k.accessKeyId === OLD_KEY.accessKeyId)?.status).toBe('Inactive')
    expect(r.aws.calls()).not.toContain('iam:DeleteAccessKey')
    await expectSafe()
  })

  it('with mfa_serial: one code, one session, and every IAM call signed with it, step 7 included', async () => {
    await writeFile(r.store.paths.credentials, WITH_MFA)
    const { result } = await rotateAccessKey(request(), r.deps)
    expect(result.rotated).toBe(true)
    expect(r.mfaCodes).toEqual([MFA_SERIAL])
    const sessions = r.aws.sent.filter((s) => s.call === 'sts:GetSessionToken')
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.input).toMatchObject({ SerialNumber: MFA_SERIAL, TokenCode: '123456', DurationSeconds: 900 })
    for (const s of r.aws.sent.filter((c) => c.call.startsWith('iam:'))) expect(s.signer).toBe(SESSION.accessKeyId)
    // Only the propagation check uses the new key itself.
    expect(r.aws.sent.filter((s) => s.signer === result.newAccessKeyId).map((s) => s.call)).toEqual(['sts:GetCallerIdentity'])
  })

  it('polls with growing pauses while the new key is unknown, then goes on', async () => {
    r.aws.propagationFailures = 4
    const { result } = await rotateAccessKey(request(), r.deps)
    expect(result.rotated).toBe(true)
    expect(r.clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000])
    expect(r.aws.calls().filter((c) => c === 'sts:GetCallerIdentity')).toHaveLength(6)
    await expectSafe()
  })

  it('deletes an Inactive second key first with --delete-inactive', async () => {
    r.aws.keys.push({ accessKeyId: 'AKIATESTSPARE0000001', secretAccessKey: 'spare-secret-TEST-000000000000000000001', status: 'Inactive', createDate: r.clock.now() })
    const { result } = await rotateAccessKey(request({ deleteInactive: true }), r.deps)
    expect(result.rotated).toBe(true)
    expect(r.aws.sent.find((s) => s.call === 'iam:DeleteAccessKey')?.input).toMatchObject({ AccessKeyId: 'AKIATESTSPARE0000001' })
    expect(r.aws.keys.map((k) => k.accessKeyId)).toEqual([result.newAccessKeyId])
  })

  it('--if-older-than rotates only an old enough key', async () => {
    const young = await rotateAccessKey(request({ ifOlderThanDays: 365 }), r.deps)
    expect(young.result).toMatchObject({ rotated: false, newAccessKeyId: null, oldKey: null })
    expect(young.lines[0]).toMatch(/is 200 days old, younger than --if-older-than 365: not rotated/)
    expect(r.aws.calls()).not.toContain('iam:CreateAccessKey')
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    const old = await rotateAccessKey(request({ ifOlderThanDays: 200 }), r.deps)
    expect(old.result.rotated).toBe(true)
  })
})

describe('what is asked and printed before anything changes', () => {
  it('--dry-run makes read-only calls and prints the plan', async () => {
    const { result, lines } = await rotateAccessKey(request({ dryRun: true }), r.deps)
    expect(result).toMatchObject({ rotated: false, newAccessKeyId: null })
    expect(result.plan?.join('\n')).toMatch(/create a new access key for alice[\s\S]*deactivate, then delete the old key AKIATESTOLD000000001: Active, 200 days old, last used 2026-11-22 \(iam in us-east-1\), signed with the new key/)
    expect(lines[0]).toBe('Dry run: nothing will be changed.')
    expect(r.aws.calls()).toEqual(['sts:GetCallerIdentity', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'])
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    expect(await journalFiles()).toEqual([])
  })

  it('asks on a terminal, and a "no" changes nothing', async () => {
    const questions: string[] = []
    r.deps.confirm = async (q) => (questions.push(q), false)
    const { result } = await rotateAccessKey(request(), r.deps)
    expect(questions).toEqual(['Rotate now?'])
    expect(result.rotated).toBe(false)
    expect(r.aws.calls()).not.toContain('iam:CreateAccessKey')
    expect(r.reporter.lines.join('\n')).toContain('1. create a new access key for alice')
  })

  it('--yes does not ask', async () => {
    r.deps.confirm = async () => {
      throw new Error('asked')
    }
    expect((await rotateAccessKey(request({ yes: true }), r.deps)).result.rotated).toBe(true)
  })

  it('refuses a second Active key, listing both keys with age, status and last use', async () => {
    r.aws.keys.push({ accessKeyId: 'AKIATESTCI0000000001', secretAccessKey: 'ci-secret-TEST-000000000000000000000001', status: 'Active', createDate: new Date(r.clock.now().getTime() - 3 * 86_400_000), lastUsed: new Date('2026-11-20T08:00:00Z') })
    const err = await failure(rotateAccessKey(request({ deleteInactive: true }), r.deps))
    expect(err.exitCode).toBe(2)
    expect(err.code).toBe('KEY_LIMIT')
    expect(err.message).toContain('AKIATESTOLD000000001 (profile default): Active, 200 days old, last used 2026-11-22 (iam in us-east-1)')
    expect(err.message).toContain('AKIATESTCI0000000001: Active, 3 days old, last used 2026-11-20 (iam in us-east-1)')
    expect(err.message).toContain('--delete-inactive')
    // Listed once: in the refusal, not again on stderr before it.
    expect(r.reporter.lines.join('\n')).not.toContain('AKIATESTOLD000000001')
    expect(r.aws.calls()).not.toContain('iam:CreateAccessKey')
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
  })

  it('refuses an Inactive second key without --delete-inactive, saying which flag to pass', async () => {
    r.aws.keys.push({ accessKeyId: 'AKIATESTSPARE0000001', secretAccessKey: 'spare-secret-TEST-000000000000000000001', status: 'Inactive', createDate: r.clock.now() })
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.message).toMatch(/pass --delete-inactive to delete the Inactive key AKIATESTSPARE0000001 first$/)
  })

  it('refuses session credentials before any call', async () => {
    await writeFile(r.store.paths.credentials, '[default]\naws_access_key_id = ASIATESTSESSION00002\naws_secret_access_key = s-TEST-0000000000000000\naws_session_token = t-TEST\n')
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'SESSION_KEYS'])
    expect(r.aws.sent).toEqual([])
  })

  it('refuses root keys after learning who owns them', async () => {
    r.aws.callerArn = 'arn:aws:iam::123456789012:root'
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'ROOT_CREDENTIALS'])
    expect(r.aws.calls()).toEqual(['sts:GetCallerIdentity'])
  })

  it('refuses an unknown profile, naming the files', async () => {
    const err = await failure(rotateAccessKey(request({ profile: 'nope' }), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'UNKNOWN_PROFILE'])
  })
})

describe('failures before the profile is updated roll back', () => {
  async function expectRolledBack(err: IamkitError) {
    expect(err.exitCode).toBe(1)
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    expect(r.aws.keys.map((k) => [k.accessKeyId, k.status])).toEqual([[OLD_KEY.accessKeyId, 'Active']])
    expect(await journalFiles()).toEqual([])
    await expectSafe()
  }

  it('a key that never answers: bounded wait, then the new key is deleted with the old key', async () => {
    r.aws.propagationFailures = 1_000
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('KEY_NOT_PROPAGATED')
    expect(err.message).toMatch(/did not answer sts:GetCallerIdentity as .*alice within 60 s \(last: InvalidClientTokenId\).*; rolled back: deleted the new key AKIATESTNEW000000001; \[default\] still holds AKIATESTOLD000000001$/)
    expect(r.clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
    expect(r.clock.sleeps.length).toBeGreaterThan(3)
    const deletion = r.aws.sent.find((s) => s.call === 'iam:DeleteAccessKey')!
    expect([deletion.signer, deletion.input.AccessKeyId]).toEqual([OLD_KEY.accessKeyId, 'AKIATESTNEW000000001'])
    await expectRolledBack(err)
  })

  it('LimitExceeded on CreateAccessKey (a key appeared meanwhile) changes nothing', async () => {
    r.aws.fail('iam:CreateAccessKey', Object.assign(awsError('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', 409)))
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('LimitExceeded')
    expect(err.message).toMatch(/no new key was created/)
    await expectRolledBack(err)
  })

  it('throttling past the SDK retries on CreateAccessKey fails with THROTTLED and changes nothing', async () => {
    r.aws.fail('iam:CreateAccessKey', throttled())
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('THROTTLED')
    await expectRolledBack(err)
  })

  it('throttling while checking the new key rolls back', async () => {
    r.aws.fail('sts:GetCallerIdentity', undefined, throttled())
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('THROTTLED')
    await expectRolledBack(err)
  })

  it('a CreateAccessKey whose answer is lost: the key whose secret never arrived is deactivated, not deleted, and named', async () => {
    r.aws.loseCreateAnswer = true
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('NETWORK')
    expect(err.message).toMatch(
      /no new key reached iamkit; \[default\] still holds AKIATESTOLD000000001; AKIATESTNEW000000001 appeared while the rotation ran but its secret never reached iamkit, so iamkit cannot prove it made it: it had never been used, so it was deactivated, not deleted \(if no one needs it: aws iam delete-access-key --user-name alice --access-key-id AKIATESTNEW000000001 --profile default\)$/,
    )
    expect(r.aws.calls()).not.toContain('iam:DeleteAccessKey')
    expect(r.aws.keys.map((k) => [k.accessKeyId, k.status])).toEqual([
      [OLD_KEY.accessKeyId, 'Active'],
      ['AKIATESTNEW000000001', 'Inactive'],
    ])
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    expect(await journalFiles()).toEqual([])
    await expectSafe()
  })

  it('a step-6 write that fails (full disk) is a failure before step 6: rolled back, file untouched', async () => {
    const fullDisk: WriterFs = {
      open: async (path, flags, mode) => {
        const handle = await fs.open(path, flags, mode)
        return Object.assign(handle, {
          write: async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })
          },
        })
      },
      rename: fs.rename,
      unlink: fs.unlink,
    }
    const err = await failure(rotateAccessKey(request(), { ...r.deps, store: new ProfileStore(r.store.paths, { writerFs: fullDisk }) }))
    expect(err.code).toBe('WRITE_FAILED')
    expect(err.message).toMatch(/^could not write .*credentials: no space left on device \(ENOSPC\); it was left as it was; rolled back: deleted the new key AKIATESTNEW000000001; \[default\] still holds AKIATESTOLD000000001$/)
    expect(r.aws.calls()).not.toContain('iam:UpdateAccessKey')
    expect((await readdir(r.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
    await expectRolledBack(err)
  })

  it('a failed rollback keeps the journal, and the next run undoes the rotation first', async () => {
    r.aws.propagationFailures = 1_000
    r.aws.fail('iam:DeleteAccessKey', awsError('ServiceFailure', 'try later', 500))
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.message).toMatch(/the rollback failed too .*: the new key AKIATESTNEW000000001 and its secret are kept in .*credentials\.iamkit-rotate\.default\.json; run "iamkit rotate default" again to undo it$/)
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    await expectSafe({ journalAllowed: true })

    r.aws.propagationFailures = 0
    const { result } = await rotateAccessKey(request(), r.deps)
    expect(result).toMatchObject({ rotated: true, recovery: 'undone', oldAccessKeyId: OLD_KEY.accessKeyId, newAccessKeyId: 'AKIATESTNEW000000002' })
    expect(r.reporter.lines.join('\n')).toMatch(/Found an interrupted rotation of profile "default" .*: the new key never reached the profile, so it was undone: deleted AKIATESTNEW000000001/)
    await expectSafe()
  })
})

describe('AccessDenied names the missing permission', () => {
  const cases: [string, Partial<RotateRequest>, string | undefined][] = [
    ['iam:ListAccessKeys', {}, undefined],
    ['iam:GetAccessKeyLastUsed', { dryRun: true }, undefined],
    ['iam:CreateAccessKey', {}, undefined],
    ['sts:GetSessionToken', {}, WITH_MFA],
  ]
  it.each(cases)('%s: nothing changes', async (call, extra, credentials) => {
    if (credentials) await writeFile(r.store.paths.credentials, credentials)
    r.aws.fail(call, denied(call))
    const err = await failure(rotateAccessKey(request(extra), r.deps))
    expect([err.exitCode, err.code]).toEqual([1, 'ACCESS_DENIED'])
    expect(err.message).toContain(`${call} was denied: IAM user alice needs permission for ${call} on itself`)
    expect(err.message).toContain('iamkit policy user --self-service')
    // A denial that is no explicit Deny says nothing about MFA.
    expect(err.message).not.toMatch(/MFA|iamkit init/)
    expect(await fileText()).toBe(credentials ?? CREDENTIALS_TEXT)
    expect(r.aws.keys.map((k) => k.accessKeyId)).toEqual([OLD_KEY.accessKeyId])
    expect(await journalFiles()).toEqual([])
  })

  it('an explicit Deny on a profile without mfa_serial also says how to add MFA, and only then', async () => {
    const explicitDeny = () =>
      awsError('AccessDenied', `User: ${USER_ARN} is not authorized to perform: iam:CreateAccessKey on resource: user alice with an explicit deny in an identity-based policy`, 403)
    r.aws.fail('iam:CreateAccessKey', explicitDeny())
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.message).toContain(
      'iam:CreateAccessKey was denied: IAM user alice needs permission for iam:CreateAccessKey on itself (an explicit deny in an identity-based policy) (if that Deny requires MFA, run "iamkit init default" so rotate uses an MFA session); grant it with the policy from "iamkit policy user --self-service"',
    )
    await writeFile(r.store.paths.credentials, WITH_MFA)
    r.aws.fail('iam:CreateAccessKey', explicitDeny())
    // Another run, with its own store: a store reads the files once per command run.
    expect((await failure(rotateAccessKey(request(), { ...r.deps, store: new ProfileStore(r.store.paths) }))).message).not.toContain('iamkit init')
  })

  it('a rejected MFA code is reported as such, not as a missing permission', async () => {
    await writeFile(r.store.paths.credentials, WITH_MFA)
    r.aws.fail('sts:GetSessionToken', awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403))
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('MFA_CODE_REJECTED')
  })

  it.each(['iam:UpdateAccessKey', 'iam:DeleteAccessKey'])('%s in step 7: the new key is kept, and the next run finishes', async (call) => {
    r.aws.fail(call, denied(call))
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('ACCESS_DENIED')
    expect(err.message).toMatch(new RegExp(`${call} was denied.*; the new key AKIATESTNEW000000001 is saved in \\[default\\] and works, .* run "iamkit rotate default" again to finish`))
    expect(await fileText()).toContain('aws_access_key_id = AKIATESTNEW000000001')
    await expectSafe({ journalAllowed: true })

    const { result } = await rotateAccessKey(request(), r.deps)
    expect(result).toMatchObject({ rotated: true, recovery: 'finished', oldAccessKeyId: OLD_KEY.accessKeyId, newAccessKeyId: 'AKIATESTNEW000000001', oldKey: 'deleted' })
    expect(r.aws.calls().filter((c) => c === 'iam:CreateAccessKey')).toHaveLength(1)
    expect(r.reporter.lines.join('\n')).toMatch(/the profile already held the new key AKIATESTNEW000000001, so it was finished/)
    await expectSafe()
  })

  it('--delete-inactive: a denied deletion of the spare key stops before anything is created', async () => {
    r.aws.keys.push({ accessKeyId: 'AKIATESTSPARE0000001', secretAccessKey: 'spare-secret-TEST-000000000000000000001', status: 'Inactive', createDate: r.clock.now() })
    r.aws.fail('iam:DeleteAccessKey', denied('iam:DeleteAccessKey'))
    const err = await failure(rotateAccessKey(request({ deleteInactive: true }), r.deps))
    expect(err.message).toContain('iam:DeleteAccessKey was denied')
    expect(r.aws.calls()).not.toContain('iam:CreateAccessKey')
    expect(await journalFiles()).toEqual([])
  })
})

describe('recovery from a journal found at start', () => {
  async function journalOf(record: Partial<RotationRecord>) {
    const journal = new RotationJournal(r.store.paths.credentials, 'default')
    await journal.write({
      profile: 'default',
      account: '123456789012',
      userArn: USER_ARN,
      userName: 'alice',
      oldAccessKeyId: OLD_KEY.accessKeyId,
      oldSecretAccessKey: OLD_KEY.secretAccessKey,
      keysBefore: [OLD_KEY.accessKeyId],
      keepOld: false,
      startedAt: r.clock.now().toISOString(),
      ...record,
    })
  }

  const LOST = { accessKeyId: 'AKIATESTLOST00000001', secretAccessKey: 'lost-TEST-000000000000000000000000001' }
  const deleteLost = 'aws iam delete-access-key --user-name alice --access-key-id AKIATESTLOST00000001 --profile default'

  it('a key that appeared during the interrupted run and was never used is deactivated, not deleted; the run stops and names it', async () => {
    r.aws.keys.push({ ...LOST, status: 'Active', createDate: r.clock.now() })
    await journalOf({})
    r.clock.advance(60_000)
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'UNPROVEN_KEY'])
    expect(err.message).toContain(`AKIATESTLOST00000001 appeared while the rotation ran but its secret never reached iamkit, so iamkit cannot prove it made it: it had never been used, so it was deactivated, not deleted (if no one needs it: ${deleteLost})`)
    expect(err.message).toMatch(/the new rotation was not started: .*; decide about AKIATESTLOST00000001, then run "iamkit rotate default" again$/)
    expect(r.reporter.lines.join('\n')).toMatch(/Found an interrupted rotation .*: no new key of this rotation existed .* so it was undone by removing the journal; AKIATESTLOST00000001 .* was deactivated/)
    expect(r.aws.calls()).not.toContain('iam:DeleteAccessKey')
    expect(r.aws.sent.filter((s) => s.call === 'iam:UpdateAccessKey').map((s) => s.input)).toEqual([{ UserName: 'alice', AccessKeyId: LOST.accessKeyId, Status: 'Inactive' }])
    expect(r.aws.keys.map((k) => [k.accessKeyId, k.status])).toEqual([
      [OLD_KEY.accessKeyId, 'Active'],
      [LOST.accessKeyId, 'Inactive'],
    ])
    expect(await journalFiles()).toEqual([])
    expect(await fileText()).toBe(CREDENTIALS_TEXT)

    // The person decides: --delete-inactive (or the printed command) removes it, and rotation runs.
    const { result } = await rotateAccessKey(request({ deleteInactive: true }), r.deps)
    expect(result).toMatchObject({ rotated: true, oldKey: 'deleted' })
    await expectSafe()
  })

  it('a key that appeared during the interrupted run and has been used is left alone and named', async () => {
    r.aws.keys.push({ ...LOST, status: 'Active', createDate: r.clock.now(), lastUsed: new Date(r.clock.now().getTime() + 30_000) })
    await journalOf({})
    r.clock.advance(60_000)
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'UNPROVEN_KEY'])
    expect(err.message).toContain(`AKIATESTLOST00000001 appeared while the rotation ran but its secret never reached iamkit, so iamkit cannot prove it made it: it was last used 2026-11-22 (iam in us-east-1), so it is someone's working key and was left alone (when no one needs it: ${deleteLost})`)
    expect(r.aws.calls()).not.toContain('iam:DeleteAccessKey')
    expect(r.aws.calls()).not.toContain('iam:UpdateAccessKey')
    expect(r.aws.keys.map((k) => [k.accessKeyId, k.status])).toEqual([
      [OLD_KEY.accessKeyId, 'Active'],
      [LOST.accessKeyId, 'Active'],
    ])
    expect(await journalFiles()).toEqual([])
  })

  it('never deletes a key made long after the interrupted run: it is someone else\'s', async () => {
    await journalOf({ startedAt: new Date(r.clock.now().getTime() - 86_400_000).toISOString() })
    r.aws.keys.push({ accessKeyId: 'AKIATESTCI0000000001', secretAccessKey: 'ci-secret-TEST-000000000000000000000001', status: 'Active', createDate: r.clock.now() })
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('KEY_LIMIT')
    expect(r.aws.keys.map((k) => k.accessKeyId)).toContain('AKIATESTCI0000000001')
    expect(await journalFiles()).toEqual([])
  })

  it('a journal that names another key than the profile holds changes nothing', async () => {
    await journalOf({ oldAccessKeyId: 'AKIATESTELSE00000001', oldSecretAccessKey: 'else-TEST-0000000000000000000000000', newKey: { accessKeyId: 'AKIATESTELSE00000002', secretAccessKey: 'else-TEST-0000000000000000000000001', createDate: r.clock.now().toISOString() } })
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect([err.exitCode, err.code]).toEqual([2, 'JOURNAL_MISMATCH'])
    expect(err.message).not.toContain('else-TEST-0000000000000000000000001')
    expect(await journalFiles()).toHaveLength(1)
    expect(r.aws.calls()).not.toContain('iam:DeleteAccessKey')
  })

  it('--dry-run says what recovery would do and does nothing', async () => {
    r.aws.keys.push({ ...LOST, status: 'Active', createDate: r.clock.now() })
    await journalOf({})
    const { result } = await rotateAccessKey(request({ dryRun: true }), r.deps)
    expect(result.plan?.[0]).toMatch(/^Will recover an interrupted rotation .* so it will be undone by removing the journal; AKIATESTLOST00000001 .*: it had never been used, so it will be deactivated, not deleted/)
    expect(result.plan?.[1]).toMatch(/^Then stop: the new rotation will not start/)
    expect(r.aws.calls()).not.toContain('iam:UpdateAccessKey')
    expect(r.aws.keys).toHaveLength(2)
    expect(await journalFiles()).toHaveLength(1)
  })

  it('--dry-run of an undo with nothing unproven goes on to the plan of the new rotation', async () => {
    await journalOf({})
    const { result } = await rotateAccessKey(request({ dryRun: true }), r.deps)
    expect(result.plan?.[0]).toMatch(/so it will be undone by removing the journal\.$/)
    expect(result.plan?.[1]).toMatch(/^Rotate the access key of IAM user alice/)
  })

  it('warns about another profile\'s interrupted rotation', async () => {
    await writeFile(join(r.dir, 'credentials.iamkit-rotate.work.json'), '{}')
    await rotateAccessKey(request(), r.deps)
    expect(r.reporter.lines).toContain('warning: a rotation of profile "work" was interrupted; run "iamkit rotate work" to finish or undo it')
  })
})

describe('locks (SPEC §0, §5)', () => {
  const journalPath = () => new RotationJournal(r.store.paths.credentials, 'default').path
  const exists = (path: string) => stat(path).then(() => true, () => false)

  it('asks the MFA code before any lock; holds only the rotation lock across the IAM steps, and the credentials file’s only for step 6', async () => {
    await writeFile(r.store.paths.credentials, WITH_MFA)
    const seen: Record<string, { rotation: boolean; credentials: boolean }> = {}
    const look = async (at: string) => {
      seen[at] = { rotation: await exists(`${journalPath()}.lock`), credentials: await exists(`${r.store.paths.credentials}.lock`) }
    }
    const ask = r.deps.mfaCode
    r.aws.onCall = (call) => look(call.call)
    const { result } = await rotateAccessKey(request(), { ...r.deps, mfaCode: async (serial, context) => (await look('code'), ask(serial, context)) })
    expect(result.rotated).toBe(true)
    expect(seen).toEqual({
      code: { rotation: false, credentials: false },
      'sts:GetCallerIdentity': { rotation: true, credentials: false },
      'sts:GetSessionToken': { rotation: false, credentials: false },
      'iam:ListAccessKeys': { rotation: true, credentials: false },
      'iam:CreateAccessKey': { rotation: true, credentials: false },
      'iam:UpdateAccessKey': { rotation: true, credentials: false },
      'iam:DeleteAccessKey': { rotation: true, credentials: false },
    })
    expect(await exists(`${journalPath()}.lock`)).toBe(false)
  })

  it('a run whose rotation lock was taken over while it was paused stops at the next step: LOCK_LOST, one line, nothing rolled back, journal intact; the next run recovers', async () => {
    let journalWhenTaken: string | undefined
    r.aws.onCall = async (call) => {
      if (call.call !== 'sts:GetCallerIdentity' || call.signer === OLD_KEY.accessKeyId || journalWhenTaken) return
      // As another iamkit would after this run's lock went stale: its own lock in place of this one's.
      await fs.rm(`${journalPath()}.lock`)
      await writeFile(`${journalPath()}.lock`, `${JSON.stringify({ pid: 4242, host: 'other-host', started: new Date().toISOString() })}\n`)
      journalWhenTaken = await readFile(journalPath(), 'utf8')
    }
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('LOCK_LOST')
    expect(err.exitCode).toBe(1)
    expect(err.message).toBe(
      `iamkit rotate default stopped: it was paused (Ctrl-Z, a sleeping machine) for longer than its lock may go unrefreshed, and pid 4242 on other-host took over ${journalPath()}.lock; it changed nothing after that: run "iamkit rotate default" once no other rotation of it runs, to finish or undo what it left (from ${journalPath()})`,
    )
    expect(err.message).not.toContain('\n')
    const newKey = r.aws.keys.find((k) => k.accessKeyId !== OLD_KEY.accessKeyId)!
    expect(r.aws.activeKeys().sort()).toEqual([OLD_KEY.accessKeyId, newKey.accessKeyId].sort())
    expect(r.aws.calls().filter((c) => c !== 'sts:GetCallerIdentity')).toEqual(['iam:ListAccessKeys', 'iam:CreateAccessKey'])
    expect(await fileText()).toBe(CREDENTIALS_TEXT)
    expect(await readFile(journalPath(), 'utf8')).toBe(journalWhenTaken)
    // The other process is done with it; the next run undoes the interrupted rotation and rotates.
    await fs.rm(`${journalPath()}.lock`)
    r.aws.onCall = undefined
    const { result } = await rotateAccessKey(request(), r.deps)
    expect(result).toMatchObject({ rotated: true, recovery: 'undone' })
    expect(r.aws.keys).toHaveLength(1)
    await expectSafe()
  })

  it('a run that waited while another rotation replaced the key stops before any IAM call', async () => {
    const other = `${CREDENTIALS_TEXT.replace(OLD_KEY.accessKeyId, 'AKIAFAKEFAKEOTHER001')}`
    r.aws.onCall = async (call) => {
      if (call.call === 'sts:GetCallerIdentity') await writeFile(r.store.paths.credentials, other)
    }
    const err = await failure(rotateAccessKey(request(), r.deps))
    expect(err.code).toBe('PROFILE_CHANGED')
    expect(err.message).toMatch(/no longer holds AKIA\S+ \(it now has AKIAFAKEFAKEOTHER001\): another rotation replaced it while this one waited for \S+\.lock; nothing was changed$/)
    expect(r.aws.calls()).toEqual(['sts:GetCallerIdentity'])
  })

  it('--dry-run takes no lock', async () => {
    r.aws.onCall = async () => {
      expect(await exists(`${journalPath()}.lock`)).toBe(false)
      expect(await exists(`${r.store.paths.credentials}.lock`)).toBe(false)
    }
    const { result } = await rotateAccessKey(request({ dryRun: true }), r.deps)
    expect(result.rotated).toBe(false)
  })
})

describe('least privilege', () => {
  it('every AWS call rotate made in this file is in WORKFLOW_CALLS.rotate, and every listed call was needed', () => {
    const allowed: readonly string[] = WORKFLOW_CALLS.rotate
    for (const call of everyCall) expect(allowed).toContain(call)
    expect([...everyCall].sort()).toEqual([...allowed].sort())
  })
})
