import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { RotationJournal } from '../../src/rotation/journal.js'
import { FaultProxy, hold, htmlPage, type ProxiedCall, type Verdict } from '../support/fault-proxy.js'
import { credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { type RunResult, Sandbox } from '../support/sandbox.js'

/**
 * Every AWS call of init, login, rotate and each audit collector, answered by a loopback proxy in
 * front of moto in three ways AWS never answers: not at all (the connection is accepted and held),
 * an HTML page with 200 (a captive portal), an HTML page with 500 (a broken proxy). Each run must
 * end within the limit (about twice --timeout, plus the rest of the run), with exit 1 and one line
 * naming the call; never exit 0 for a rotate or audit step that did not happen; the files
 * byte-identical, or after one more `iamkit rotate` settled with one working key.
 * What it does not prove: real AWS's answers (the suites against moto do), TLS endpoints.
 *
 * Speed: one moto for the file, and every case of every command runs side by side (the cases
 * mostly wait on held connections and timeouts, not on the CPU). A case waits on a timeout only
 * where its mode needs one: no answer runs with --timeout 4, HTML 500 (retried like a 5xx until
 * the budget is spent) with 6; an HTML 200 is final at once, so it runs with a long --timeout and
 * the calls forwarded to moto around it never time out on a loaded machine.
 */
const skip = motoUnavailableReason()
const TIMEOUT = '4'
// An HTML 500 is retried like a 5xx until the retry budget (--timeout) is spent; a longer one
// gives the calls forwarded to moto before it room on a loaded machine.
const TIMEOUT_OF: Record<string, string> = { 'no answer': TIMEOUT, 'HTML 200': '20', 'HTML 500': '6' }
// The cases wait far more than they compute: more of them at once than vitest's default 5.
vi.setConfig({ maxConcurrency: 8 })
/**
 * From the first faulted call to the end of the run: the attempt's timeout, the retry budget
 * (together about twice --timeout) and the rest of the run, on a loaded 2-core machine. Measured
 * from the fault, not from the start, so that Node's start-up under load does not count.
 */
const LIMIT_MS = 25_000

const MODES: Record<string, Verdict> = { 'no answer': hold, 'HTML 200': htmlPage(200), 'HTML 500': htmlPage(500) }
const ONE_LINE = /^iamkit: [^\n]+\n$/

/** Faults call `k` and the retries that follow it (the same action, back to back); forwards the rest. */
function faultFrom(k: number, verdict: Verdict) {
  let action: string | undefined
  let over = false
  return (call: ProxiedCall): Verdict => {
    if (call.index === k) action = call.action
    else if (action !== undefined && (over || call.action !== action)) over = true
    return call.index >= k && action !== undefined && !over ? verdict : { kind: 'forward' }
  }
}

/** Faults every call of `action`. */
function faultAction(action: string, verdict: Verdict) {
  return (call: ProxiedCall): Verdict => (call.action === action ? verdict : { kind: 'forward' })
}

describe.skipIf(skip).concurrent(`answers that are not AWS's, and no answers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let users = 0

  beforeAll(async () => {
    moto = await startMoto()
    account = new MotoAccount(moto.endpoint)
  })
  afterAll(async () => {
    account?.destroy()
    await moto?.stop()
  })

  async function setUp(options: { mfa?: boolean } = {}): Promise<{ sandbox: Sandbox; user: SeededUser; text: string }> {
    const user = await account.createUser(`user${++users}`, { mfaDevices: options.mfa ? 1 : 0 })
    const sandbox = await Sandbox.create(moto.endpoint)
    const text = `# keys\n${credentialsSection('default', user)}${user.mfaSerial ? `mfa_serial = ${user.mfaSerial}\n` : ''}\n[other]\nregion = eu-west-1\n`
    await sandbox.writeCredentials(text)
    return { sandbox, user, text }
  }

  /** `ms`: from the first call the proxy did not forward to the end of the run. */
  async function through(sandbox: Sandbox, args: string[], decide: (call: ProxiedCall) => Verdict, timeout = TIMEOUT): Promise<{ run: RunResult; ms: number; calls: string[] }> {
    let faultedAt: number | undefined
    const proxy = await FaultProxy.start(moto.endpoint, (call) => {
      const verdict = decide(call)
      if (verdict.kind !== 'forward') faultedAt ??= Date.now()
      return verdict
    })
    try {
      const started = Date.now()
      const run = await sandbox.iamkit([...args, '--timeout', timeout], { env: { AWS_ENDPOINT_URL: proxy.endpoint } })
      return { run, ms: Date.now() - (faultedAt ?? started), calls: proxy.actions() }
    } finally {
      await proxy.stop()
    }
  }

  function expectFailedCall(result: { run: RunResult; ms: number }, call: string, mode: string) {
    expect(result.run.code, result.run.stderr).toBe(1)
    expect(result.ms).toBeLessThan(LIMIT_MS)
    const last = result.run.stderr.split('\n').filter(Boolean).pop() ?? ''
    expect(`${last}\n`).toMatch(ONE_LINE)
    expect(last).toContain(call)
    expect(last).toMatch(mode === 'no answer' ? new RegExp(`no answer from http://127\\.0\\.0\\.1:\\d+ within ${TIMEOUT} s`) : /is not AWS's \(HTTP \d00, text\/html/)
  }

  const simple: [string, string[], string[], boolean][] = [
    ['init', ['init', 'default'], ['sts:GetCallerIdentity', 'iam:ListMFADevices'], true],
    ['login', ['login', 'default', '--token-code', '123456'], ['sts:GetSessionToken'], true],
  ]
  for (const [command, args, calls, mfa] of simple) {
    describe(command, () => {
      it.concurrent.each(calls.flatMap((call, i) => Object.keys(MODES).map((mode) => ({ call, k: i + 1, mode }))))('$call: $mode', async ({ call, k, mode }) => {
        const { sandbox, text } = await setUp({ mfa })
        try {
          const result = await through(sandbox, args, faultFrom(k, MODES[mode]!), TIMEOUT_OF[mode])
          expect(result.calls[k - 1], `the fault hit the intended call: ${result.calls.join(', ')}; ${result.run.stderr}`).toBe(call.split(':')[1])
          expectFailedCall(result, call, mode)
          expect(await sandbox.readCredentials()).toBe(text)
        } finally {
          await sandbox.dispose()
        }
      })
    })
  }

  describe('rotate', () => {
    const calls = ['sts:GetCallerIdentity', 'iam:ListAccessKeys', 'iam:CreateAccessKey', 'sts:GetCallerIdentity', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey']
    it.concurrent.each(calls.flatMap((call, i) => Object.keys(MODES).map((mode) => ({ call, k: i + 1, mode }))))('call $k ($call): $mode', async ({ call, k, mode }) => {
      const { sandbox, user, text } = await setUp()
      try {
        const result = await through(sandbox, ['rotate', 'default', '--yes'], faultFrom(k, MODES[mode]!), TIMEOUT_OF[mode])
        expect(result.calls[k - 1], `the fault hit the intended call: ${result.calls.join(', ')}; ${result.run.stderr}`).toBe(call.split(':')[1])
        expectFailedCall(result, call, mode)
        expect(result.run.stdout).not.toMatch(/Rotated/)
        const keys = async () => (await account.iam.send(new ListAccessKeysCommand({ UserName: user.userName }))).AccessKeyMetadata ?? []
        const after = await sandbox.readCredentials()
        const journal = await new RotationJournal(sandbox.credentialsPath, 'default').read()
        if (k <= 4) {
          // Before step 6: rolled back, the file as it was, only the old key left.
          expect(after).toBe(text)
          expect((await keys()).map((key) => key.AccessKeyId)).toEqual([user.accessKeyId])
          expect(journal).toBeUndefined()
        } else {
          // Step 7 did not happen: the new key is in the file and works; the journal remembers the rest.
          expect(after).not.toBe(text)
          expect(journal?.newKey).toBeDefined()
          expect(after).toContain(`aws_access_key_id = ${journal!.newKey!.accessKeyId}\n`)
        }
        // One more rotate, straight to moto, settles it: one key, Active, and it is the file's.
        const again = await sandbox.iamkit(['rotate', 'default', '--yes'])
        expect(again.code, again.stderr).toBe(0)
        const held = /\[default\]\naws_access_key_id = (\S+)\n/.exec(await sandbox.readCredentials())![1]
        expect((await keys()).map((key) => [key.AccessKeyId, key.Status])).toEqual([[held, 'Active']])
      } finally {
        await sandbox.dispose()
      }
    })
  })

  describe('audit', () => {
    let actions: string[] = []
    const ESSENTIAL = ['GetCallerIdentity', 'GenerateCredentialReport', 'GetCredentialReport', 'GetAccountAuthorizationDetails']

    beforeAll(async () => {
      const { sandbox } = await setUp()
      try {
        const clean = await through(sandbox, ['audit', '--json', '--fail-on', 'none', '--profile', 'default', '--no-service-usage'], () => ({ kind: 'forward' }), TIMEOUT_OF['HTML 200'])
        expect(clean.run.code, clean.run.stderr).toBe(0)
        actions = [...new Set(clean.calls)]
        expect(actions).toEqual(expect.arrayContaining(ESSENTIAL))
      } finally {
        await sandbox.dispose()
      }
    })

    it.concurrent.each(ESSENTIAL.flatMap((action) => Object.keys(MODES).map((mode) => ({ action, mode }))))(
      'the account data every rule rests on, $action: $mode → a report with the warning, and exit 1',
      async ({ action, mode }) => {
        const { sandbox } = await setUp()
        try {
          const result = await through(sandbox, ['audit', '--json', '--fail-on', 'none', '--profile', 'default', '--no-service-usage'], faultAction(action, MODES[mode]!), TIMEOUT_OF[mode])
          expect(result.run.code, result.run.stderr).toBe(1)
          expect(result.ms).toBeLessThan(LIMIT_MS)
          const error = result.run.stdout === '' ? undefined : JSON.parse(result.run.stdout).error
          if (result.run.stdout === '' || error) {
            // Under load the other essential collector may time out too: then no report at all, one line
            // (with --json, the error document on stdout).
            if (error) expect(error.message).toMatch(/^\S+:\S+: /)
            else expect(result.run.stderr.split('\n').filter(Boolean).pop()).toMatch(/^iamkit: /)
          } else {
            const report = JSON.parse(result.run.stdout)
            expect(report.incomplete?.join('\n')).toContain(action)
            expect(result.run.stderr).toMatch(/iamkit: the audit could not read .*so the report shows less than the account holds/)
          }
        } finally {
          await sandbox.dispose()
        }
      },
    )

    it('every other collector that answers garbage is a warning naming the call, with its rules skipped', async () => {
      // The account alias only labels the report (a failure leaves it unnamed), so it warns of nothing.
      const others = actions.filter((a) => !ESSENTIAL.includes(a) && a !== 'ListAccountAliases')
      expect(others.length).toBeGreaterThan(0)
      const { sandbox } = await setUp()
      try {
        // Side by side: each run has its own proxy and only reads the account.
        await Promise.all(
          others.map(async (action) => {
            const result = await through(sandbox, ['audit', '--json', '--fail-on', 'none', '--profile', 'default', '--no-service-usage'], faultAction(action, htmlPage(200)), TIMEOUT_OF['HTML 200'])
            expect(result.run.code, `${action}: ${result.run.stderr}`).toBe(0)
            const report = JSON.parse(result.run.stdout)
            // Query-protocol actions are named as the call; REST ones (GET /analyzer) by their answer.
            const call = /^[A-Z]\w+$/.test(action) ? `:${action}: ` : ': '
            expect(report.warnings.join('\n'), action).toMatch(new RegExp(`${call}the answer from .* is not AWS's \\(HTTP 200, text/html`))
          }),
        )
      } finally {
        await sandbox.dispose()
      }
    })
  })
})
