import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'
import { UnacceptingListener } from '../support/unaccepting-listener.js'

/**
 * The connect timeout (SPEC §0, issue 9): an endpoint whose TCP connect never completes (SYNs
 * dropped, as by a firewall) must end the command with exit 1 and one line naming the endpoint,
 * within about twice --timeout (the connect timeout of each attempt, and the retry budget), plus
 * Node's start-up. No AWS and no moto are involved: the command never gets a connection.
 */
const TIMEOUT_S = 2
/** Twice --timeout, plus start-up on a loaded 2-core machine. */
const LIMIT_MS = 2 * TIMEOUT_S * 1000 + 10_000

describe('a connection that never completes', () => {
  let listener: UnacceptingListener
  let sandbox: Sandbox

  beforeAll(async () => {
    listener = await UnacceptingListener.start()
    sandbox = await Sandbox.create(listener.endpoint)
    await sandbox.writeCredentials('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\n')
  })
  afterAll(async () => {
    await sandbox?.dispose()
    await listener?.stop()
  })

  it('is what the test needs: a loopback connect to it stays pending', async () => {
    expect(await listener.connectHangs(1_500)).toBe(true)
  })

  it.concurrent.each([
    ['init', ['init', 'default'], 'sts:GetCallerIdentity'],
    ['login', ['login', 'default', '--token-code', '123456'], 'sts:GetSessionToken'],
    ['rotate', ['rotate', 'default', '--yes'], 'sts:GetCallerIdentity'],
    // The audit's collectors start side by side: whichever essential one fails first is named.
    ['audit', ['audit', '--profile', 'default', '--format', 'json', '--no-service-usage'], '(?:sts:GetCallerIdentity|iam:GetAccountAuthorizationDetails|iam:GenerateCredentialReport|iam:GetCredentialReport)'],
  ])('%s: exit 1 within the limit, one line naming the endpoint and the connect timeout', async (_name, args, call) => {
    const before = await sandbox.readCredentials()
    const started = Date.now()
    const run = await sandbox.iamkit([...args, '--timeout', String(TIMEOUT_S)])
    const ms = Date.now() - started
    expect(run.code, run.stderr).toBe(1)
    expect(ms).toBeLessThan(LIMIT_MS)
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000)
    const lines = run.stderr.split('\n').filter(Boolean)
    const last = lines.pop()!
    expect(last).toMatch(new RegExp(`^iamkit: ${call}: could not connect to http://127\\.0\\.0\\.1:${listener.port} within ${TIMEOUT_S} s`))
    expect(await sandbox.readCredentials()).toBe(before)
  })
})
