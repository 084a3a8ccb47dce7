import { readFile } from 'node:fs/promises'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { RotationJournal } from '../../src/rotation/journal.js'
import { FaultProxy, forward, hold } from '../support/fault-proxy.js'
import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

const skip = motoUnavailableReason()
const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice'

/**
 * A rotate paused inside its IAM steps (SIGSTOP: Ctrl-Z, a laptop lid) for longer than its lock
 * may go unrefreshed, whose lock another `iamkit rotate` takes over meanwhile (issue 9, case 6).
 * The proxy in front of moto holds the paused run's propagation check (after CreateAccessKey,
 * with the new key journaled), and then the taker's ListAccessKeys, so each process is exactly
 * where the test wants it. IAMKIT_TEST_LOCK_STALE_MS=1000 stands for the 10 s stale time.
 */
describe.skipIf(skip)(`a paused rotate whose lock was taken over${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let sandbox: Sandbox
  let proxy: FaultProxy
  let alice: SeededUser

  beforeEach(async () => {
    alice = await shared.account.createUser('alice')
    sandbox = await Sandbox.create(shared.moto.endpoint)
    await sandbox.writeCredentials(`# laptop\n${credentialsSection('default', alice)}\n[other]\nregion = eu-west-1\n`)
  })
  afterEach(async () => {
    await proxy?.stop()
    await sandbox.dispose()
  })

  it('stops at its next step on resuming (exit 1, one line, journal intact); a waiter says so after a second, takes over the killed taker at once, and recovers to one working key', async () => {
    let created = false
    let pollSeen!: () => void
    const pollArrived = new Promise<void>((resolve) => (pollSeen = resolve))
    let releasePoll!: () => void
    const pollReleased = new Promise<void>((resolve) => (releasePoll = resolve))
    let holdNextList = false
    let listSeen!: () => void
    const listArrived = new Promise<void>((resolve) => (listSeen = resolve))
    proxy = await FaultProxy.start(shared.moto.endpoint, async (call) => {
      if (call.action === 'CreateAccessKey') created = true
      else if (call.action === 'GetCallerIdentity' && created) {
        created = false
        pollSeen()
        await pollReleased
      } else if (call.action === 'ListAccessKeys' && holdNextList) {
        holdNextList = false
        listSeen()
        return hold
      }
      return forward
    })
    const env = { AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '1', IAMKIT_TEST_LOCK_STALE_MS: '1000' }
    const journal = new RotationJournal(sandbox.credentialsPath, 'default')
    const lockPath = `${journal.path}.lock`
    const lockOwner = async () => JSON.parse(await readFile(lockPath, 'utf8')).pid as number

    // 1. The first rotate, stopped while AWS checks its new key (CreateAccessKey done, journaled).
    const paused = sandbox.startIamkit(['rotate', 'default'], { env })
    await Promise.race([pollArrived, paused.result.then((r) => Promise.reject(new Error(`rotate ended early: ${r.stderr}`)))])
    paused.child.kill('SIGSTOP')
    const journalWhenPaused = await readFile(journal.path, 'utf8')
    expect(JSON.parse(journalWhenPaused).newKey.accessKeyId).toMatch(/^AKIA/)
    await new Promise((resolve) => setTimeout(resolve, 1_500))

    // 2. A second rotate takes the stale lock over; the proxy keeps it inside its IAM steps.
    holdNextList = true
    const taker = sandbox.startIamkit(['rotate', 'default'], { env })
    await Promise.race([listArrived, taker.result.then((r) => Promise.reject(new Error(`the second rotate ended early: ${r.stderr}`)))])
    expect(await lockOwner()).toBe(taker.child.pid)

    // 3. The first resumes: it stops at its next step, says why in one line, and changes nothing.
    paused.child.kill('SIGCONT')
    releasePoll()
    const resumed = await paused.result
    expect(resumed.code).toBe(1)
    const lines = resumed.stderr.trim().split('\n')
    expect(lines.at(-1)).toBe(
      `iamkit: iamkit rotate default stopped: it was paused (Ctrl-Z, a sleeping machine) for longer than its lock may go unrefreshed, and pid ${taker.child.pid} took over ${lockPath}; it changed nothing after that: run "iamkit rotate default" once no other rotation of it runs, to finish or undo what it left (from ${journal.path})`,
    )
    expect(resumed.stderr).not.toMatch(/ECOMPROMISED|LockLostError|\n\s+at /)
    expect(await readFile(journal.path, 'utf8')).toBe(journalWhenPaused)
    expect(await sandbox.readCredentials()).toBe(`# laptop\n${credentialsSection('default', alice)}\n[other]\nregion = eu-west-1\n`)
    expect(await lockOwner()).toBe(taker.child.pid)

    // 4. A third rotate waits for the live taker and says so after a second.
    const waiter = sandbox.startIamkit(['rotate', 'default'], { env: { AWS_ENDPOINT_URL: shared.moto.endpoint } })
    let waiterErr = ''
    waiter.child.stderr!.on('data', (c) => (waiterErr += c))
    const startedWaiting = Date.now()
    while (!waiterErr.includes('waiting for') && Date.now() - startedWaiting < 20_000) await new Promise((r) => setTimeout(r, 50))
    expect(waiterErr).toContain(`waiting for ${journal.path}: locked by pid ${taker.child.pid} since `)

    // 5. The taker dies holding the lock: the waiter (stale time 10 s) takes it over at once.
    taker.child.kill('SIGKILL')
    await taker.result
    const killedAt = Date.now()
    while ((await lockOwner().catch(() => undefined)) !== waiter.child.pid && Date.now() - killedAt < 9_000) await new Promise((r) => setTimeout(r, 25))
    expect(Date.now() - killedAt).toBeLessThan(3_000)
    const recovered = await waiter.result
    expect(recovered.code, recovered.stderr).toBe(0)
    expect(recovered.stderr).toMatch(/Found an interrupted rotation of profile "default"/)

    // 6. One working key, in the file, read by the AWS CLI; no journal, no lock left.
    const who = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'])
    expect(who.code, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout).Arn).toBe(ALICE_ARN)
    const listed = await sandbox.aws(['iam', 'list-access-keys', '--user-name', 'alice', '--profile', 'default'])
    expect(listed.code, listed.stderr).toBe(0)
    const held = /aws_access_key_id = (\S+)/.exec(await sandbox.readCredentials())![1]
    expect(JSON.parse(listed.stdout).AccessKeyMetadata.map((k: { AccessKeyId: string; Status: string }) => [k.AccessKeyId, k.Status])).toEqual([[held, 'Active']])
    expect(held).not.toBe(alice.accessKeyId)
    await expect(readFile(journal.path)).rejects.toThrow(/ENOENT/)
    await expect(readFile(lockPath)).rejects.toThrow(/ENOENT/)
  }, 90_000)
})
