/**
 * The fault matrix of `iamkit rotate` (issue 3), shared by the test files that run it with and
 * without an MFA device. For every AWS call one rotation makes, three cases:
 * - `fail`: AWS answers that call with an error (a 5xx, with retries off so it is final);
 * - `kill before`: the proxy holds the call unanswered, AWS never sees it, iamkit is SIGKILLed;
 * - `kill after`: AWS carries the call out, its answer is lost and iamkit is SIGKILLed, which is
 *   also a crash between this step and the next.
 * After each case, and again after one more `iamkit rotate`, the invariants of SPEC §5 must hold.
 * With `vault: 'file'` the profile's key lives in the encrypted vault file (issue 13): the key is
 * read there (with an independent reader), the journal's secrets are sealed in the same file, and
 * no secret may appear in plain text in any file under HOME at any point.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'

import { RotationJournal } from '../../src/rotation/journal.js'
import { FaultProxy, forward, hold, loseAnswer, type Verdict } from '../support/fault-proxy.js'
import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { type RunResult, Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'
import { filesContaining, readVaultFile, vaultKey } from '../support/vault-file-reader.js'

export interface MatrixVariant {
  title: string
  mfa: boolean
  /** The calls one clean rotation makes, in order (the first test checks it). */
  calls: string[]
  /** Which of them (1-based) to fault; all by default. */
  faulted?: number[]
  /** Keep the profile's key in iamkit's encrypted vault file instead of the credentials file. */
  vault?: 'file'
}

const VAULT_PASSPHRASE = 'fault-matrix passphrase'
// A cheaper scrypt for the vault file keeps the matrix fast; the code path is the same.
const VAULT_ENV = { IAMKIT_VAULT_PASSPHRASE: VAULT_PASSPHRASE, IAMKIT_VAULT_SCRYPT_LOG2N: '12' }

const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice'
const failure: Verdict = { kind: 'fail', status: 503, code: 'ServiceUnavailable', message: 'injected by the fault matrix' }
const MODES = ['fail', 'kill before', 'kill after'] as const
type Mode = (typeof MODES)[number]

export function describeFaultMatrix(variant: MatrixVariant): void {
  const skip = motoUnavailableReason()
  const cases = variant.calls
    .map((action, i) => ({ k: i + 1, action }))
    .filter(({ k }) => !variant.faulted || variant.faulted.includes(k))
    .flatMap((call) => MODES.map((mode) => ({ ...call, mode })))

  describe.skipIf(skip)(`rotate fault matrix, ${variant.title}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const shared = sharedMoto()
    let sandbox: Sandbox
    let alice: SeededUser
    let proxy: FaultProxy | undefined
    const args = ['rotate', 'default', ...(variant.mfa ? ['--token-code', '123456'] : [])]
    const baseEnv = variant.vault ? VAULT_ENV : {}
    const vaultPath = () => join(sandbox.home, '.aws', 'iamkit-vault')
    const mfaLine = () => (alice.mfaSerial ? `mfa_serial = ${alice.mfaSerial}\n` : '')

    beforeEach(async () => {
      const { moto, account } = shared
      alice = await account.createUser('alice', { mfaDevices: variant.mfa ? 1 : 0 })
      sandbox = await Sandbox.create(moto.endpoint)
      const mfa = alice.mfaSerial ? `mfa_serial = ${alice.mfaSerial}\n` : ''
      await sandbox.writeCredentials(`# laptop\n${credentialsSection('default', alice)}${mfa}\n[other]\nregion = eu-west-1\n`)
      if (variant.vault) {
        const imported = await sandbox.iamkit(['vault', 'import', 'default', '--backend', variant.vault, '--no-credential-process'], { env: baseEnv })
        expect(imported.code, imported.stderr).toBe(0)
      }
      return async () => {
        await proxy?.stop()
        proxy = undefined
        await sandbox.dispose()
      }
    })

    /** Runs iamkit through a proxy that applies `verdict` to the k-th call and forwards the rest. */
    async function runWithFault(k: number, verdict: Verdict): Promise<{ run: RunResult; actions: string[] }> {
      proxy = await FaultProxy.start(shared.moto.endpoint, (call) => (call.index === k ? verdict : forward))
      const env = { ...baseEnv, AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '1' }
      if (verdict.kind === 'fail' || verdict.kind === 'forward') return { run: await sandbox.iamkit(args, { env }), actions: proxy.actions() }
      const running = sandbox.startIamkit(args, { env })
      await Promise.race([proxy.nextHeld(), running.result.then((r) => Promise.reject(new Error(`iamkit ended before call ${k}: ${r.stderr}`)))])
      running.child.kill('SIGKILL')
      const run = await running.result
      // The killed process leaves its locks; the next run takes them over at once (their pid is gone).
      return { run, actions: proxy.actions() }
    }

    async function aliceKeys() {
      const out = await shared.account.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))
      return (out.AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId!, status: k.Status! }))
    }

    /**
     * SPEC §5's promises: the file's key works (the AWS CLI says so), at most two keys, and no
     * key whose secret exists nowhere: each is in the file or, mid-rotation, in the journal.
     */
    /** The profile's key as the credentials file (or, for a vault profile, the vault file) holds it. */
    async function heldKey(stage: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
      const text = await sandbox.readCredentials()
      if (variant.vault) {
        expect(text, `${stage}: the credentials file is untouched and holds no key`).toBe(`# laptop\n[default]\n${mfaLine()}\n[other]\nregion = eu-west-1\n`)
        const key = await vaultKey(vaultPath(), VAULT_PASSPHRASE, 'default')
        expect(key, `${stage}: the vault holds the profile's key`).toBeDefined()
        return key!
      }
      const held = /\[default\]\naws_access_key_id = (\S+)\naws_secret_access_key = (\S+)\n/.exec(text)
      expect(held, `${stage}: [default] keeps its key lines`).not.toBeNull()
      const key = { accessKeyId: held![1]!, secretAccessKey: held![2]! }
      expect(text, `${stage}: the rest of the file is untouched`).toBe(`# laptop\n${credentialsSection('default', key)}${mfaLine()}\n[other]\nregion = eu-west-1\n`)
      return key
    }

    /** The journal as a later run reads it: for a vault profile, its secrets from the vault file. */
    async function readJournal(stage: string) {
      const journal = new RotationJournal(sandbox.credentialsPath, 'default')
      if (!variant.vault) return journal.read()
      const text = await readFile(journal.path, 'utf8').catch(() => undefined)
      if (text === undefined) return undefined
      const record = JSON.parse(text)
      expect(record.oldSecretAccessKey, `${stage}: the journal file holds no secret`).toBeUndefined()
      expect(record.secretsIn).toBe(variant.vault)
      const sealed = JSON.parse((await readVaultFile(vaultPath(), VAULT_PASSPHRASE))['rotation/default'] ?? 'null')
      expect(sealed?.oldSecretAccessKey, `${stage}: the vault holds the journal's secrets`).toEqual(expect.any(String))
      if (record.newKey) expect(sealed.newSecretAccessKey, `${stage}: the vault holds the new key's secret`).toEqual(expect.any(String))
      return { ...record, oldSecretAccessKey: sealed.oldSecretAccessKey, ...(record.newKey ? { newKey: { ...record.newKey, secretAccessKey: sealed.newSecretAccessKey } } : {}) }
    }

    /**
     * `unproven`: keys iamkit named as appeared-without-their-secret; they may remain, Inactive
     * (never used, so deactivated, never deleted: issue 9).
     */
    async function expectSafe(stage: string, options: { settled: boolean; unproven?: string[] }) {
      const { accessKeyId: fileKey, secretAccessKey: fileSecret } = await heldKey(stage)
      // The AWS CLI reads the credentials file itself; a vault's key (read above) it is handed.
      const who = variant.vault
        ? await sandbox.aws(['sts', 'get-caller-identity'], { env: { AWS_ENDPOINT_URL: shared.moto.endpoint, AWS_ACCESS_KEY_ID: fileKey, AWS_SECRET_ACCESS_KEY: fileSecret } })
        : await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'], { env: { AWS_ENDPOINT_URL: shared.moto.endpoint } })
      expect(who.code, `${stage}: aws sts get-caller-identity: ${who.stderr}`).toBe(0)
      expect(JSON.parse(who.stdout).Arn, `${stage}: the profile's key is alice's`).toBe(ALICE_ARN)

      const keys = await aliceKeys()
      expect(keys.length, `${stage}: at most two keys`).toBeLessThanOrEqual(2)
      expect(keys.find((k) => k.id === fileKey)?.status, `${stage}: the file's key is Active`).toBe('Active')
      const journal = await readJournal(stage)
      if (variant.vault) {
        const secrets = [alice.secretAccessKey, fileSecret, journal?.oldSecretAccessKey, journal?.newKey?.secretAccessKey].filter(Boolean)
        expect(await filesContaining(sandbox.home, secrets), `${stage}: no secret in plain text on disk`).toEqual([])
      }
      const secretHolders = new Set([fileKey, journal?.newKey?.accessKeyId, journal?.oldAccessKeyId])
      for (const key of keys) {
        // Killed after IAM created a key but before its answer arrived: the secret never reached
        // this machine. The journal's intent record marks the key as the rotation's, to be deleted.
        const orphan = journal !== undefined && !journal.newKey && !journal.keysBefore.includes(key.id)
        const named = options.unproven?.includes(key.id) && key.status === 'Inactive'
        expect(secretHolders.has(key.id) || orphan || named, `${stage}: the secret of ${key.id} (${key.status}) is in the file or the journal`).toBe(true)
      }
      if (options.settled) {
        expect(journal, `${stage}: no journal is left`).toBeUndefined()
        expect(keys, `${stage}: only the file's key remains`).toEqual([{ id: fileKey, status: 'Active' }])
      } else {
        for (const key of keys.filter((k) => k.status === 'Active' && k.id !== fileKey)) {
          expect(journal, `${stage}: the Active key ${key.id} the file does not hold is journaled`).toBeDefined()
        }
      }
      const orphans = keys.filter((k) => journal !== undefined && !journal.newKey && !journal.keysBefore.includes(k.id)).map((k) => k.id)
      return { fileKey, journal, orphans }
    }

    it(`one clean rotation makes exactly these calls: ${variant.calls.join(', ')}`, async () => {
      const { run, actions } = await runWithFault(0, forward)
      expect(run.code, run.stderr).toBe(0)
      expect(actions).toEqual(variant.calls)
      await expectSafe('after a clean rotation', { settled: true })
    })

    it.each(cases)('call $k ($action): $mode', async ({ k, action, mode }) => {
      const verdict = ({ fail: failure, 'kill before': hold, 'kill after': loseAnswer } satisfies Record<Mode, Verdict>)[mode]
      const { run, actions } = await runWithFault(k, verdict)
      expect(actions[k - 1], 'the fault hit the intended call').toBe(action)
      if (mode === 'fail') {
        expect(run.code).toBe(1)
        expect(run.stderr.trim().split('\n').pop()).toMatch(/^iamkit: .*ServiceUnavailable/)
      }
      const afterFault = await expectSafe(`after ${mode} at call ${k}`, { settled: false })
      // A failure before the file changes is rolled back in the same run.
      if (mode === 'fail' && afterFault.fileKey === alice.accessKeyId) {
        expect(await aliceKeys()).toEqual([{ id: alice.accessKeyId, status: 'Active' }])
        expect(afterFault.journal).toBeUndefined()
      }

      const motoEnv = { ...baseEnv, AWS_ENDPOINT_URL: shared.moto.endpoint }
      let again = await sandbox.iamkit(args, { env: motoEnv })
      if (afterFault.journal) expect(again.stderr).toMatch(/Found an interrupted rotation of profile "default"/)
      if (afterFault.orphans.length) {
        // A key whose CreateAccessKey answer was lost cannot be told from another tool's key: it is
        // deactivated (never used), named, and the run stops for the person to decide (issue 9).
        expect(again.code, again.stderr).toBe(2)
        for (const id of afterFault.orphans) {
          expect(again.stderr).toContain(`${id} appeared while the rotation ran but its secret never reached iamkit`)
          expect(again.stderr).toContain(`aws iam delete-access-key --user-name alice --access-key-id ${id} --profile default`)
        }
        await expectSafe(`after ${mode} at call ${k} and one more rotate (stopped)`, { settled: false, unproven: afterFault.orphans })
        // The person's decision: --delete-inactive deletes the deactivated key, then rotation runs.
        again = await sandbox.iamkit([...args, '--delete-inactive'], { env: motoEnv })
      }
      expect(again.code, again.stderr).toBe(0)
      const settled = await expectSafe(`after ${mode} at call ${k} and one more rotate`, { settled: true })
      expect(settled.fileKey).not.toBe(alice.accessKeyId)
    })
  })
}
