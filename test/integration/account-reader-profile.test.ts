import { describe, expect, it } from 'vitest'

import { FaultProxy, type ProxiedCall, type Verdict } from '../support/fault-proxy.js'
import { credentialsSection } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

/**
 * `audit --profile` and `policy from-usage --profile` resolve the profile through iamkit's own
 * reader and session sources, as login and exec do (issue 9, item 4), not through the SDK's
 * chain: a role profile is assumed with its source's key and cached in [NAME-sts], every later
 * call is signed with that role session, and a profile the two readers disagree on is exit 2
 * before any call. A loopback proxy in front of moto records which key signed each call.
 * What it does not prove: CloudTrail's answers (moto has no LookupEvents; the proxy answers an
 * empty page, which from-usage reports as a role with no calls).
 */
const skip = motoUnavailableReason()

function signer(call: ProxiedCall): string {
  return /Credential=([A-Z0-9]+)\//.exec(String(call.headers.authorization ?? ''))?.[1] ?? '(unsigned)'
}

describe.skipIf(skip)(`audit and from-usage --profile go through iamkit's profile resolution${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()

  async function setUp(extraRole = '') {
    const alice = await shared.account.createUser('alice')
    const roleArn = await shared.account.createRole('Auditor', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }],
    })
    const sandbox = await Sandbox.create(shared.moto.endpoint)
    await sandbox.writeCredentials(credentialsSection('default', alice))
    await sandbox.writeConfig(`[profile auditor]\nrole_arn = ${roleArn}\nsource_profile = default\n${extraRole}`)
    return { alice, sandbox }
  }

  async function through(sandbox: Sandbox, args: string[], decide: (call: ProxiedCall) => Verdict = () => ({ kind: 'forward' })) {
    const proxy = await FaultProxy.start(shared.moto.endpoint, decide)
    try {
      const run = await sandbox.iamkit(args, { env: { AWS_ENDPOINT_URL: proxy.endpoint } })
      return { run, calls: proxy.calls.map((c) => ({ action: c.action, signer: signer(c) })) }
    } finally {
      await proxy.stop()
    }
  }

  it('audit --profile of a role profile: AssumeRole signed with the source key, every audit call with the role session', async () => {
    const { alice, sandbox } = await setUp()
    try {
      const { run, calls } = await through(sandbox, ['audit', '--profile', 'auditor', '--json', '--fail-on', 'none', '--no-service-usage'])
      expect(run.code, run.stderr).toBe(0)
      expect(calls[0]).toEqual({ action: 'AssumeRole', signer: alice.accessKeyId })
      const session = /\[auditor-sts\]\naws_access_key_id = (\S+)\n/.exec(await sandbox.readCredentials())?.[1]
      expect(session, 'the role session is cached as login caches it').toMatch(/^ASIA/)
      expect(calls.slice(1).length).toBeGreaterThan(2)
      for (const call of calls.slice(1)) expect(call, `${call.action} is signed with the role session`).toEqual({ action: call.action, signer: session })

      // from-usage reuses the cached role session: no second AssumeRole.
      const emptyTrail = (call: ProxiedCall): Verdict =>
        call.action === 'LookupEvents' ? { kind: 'answer', status: 200, contentType: 'application/x-amz-json-1.1', body: '{"Events":[]}' } : { kind: 'forward' }
      const usage = await through(sandbox, ['policy', 'from-usage', '--profile', 'auditor', '--role', 'Deployer', '--days', '1'], emptyTrail)
      expect(usage.calls.map((c) => c.action)).not.toContain('AssumeRole')
      expect(usage.calls.filter((c) => c.action === 'LookupEvents').map((c) => c.signer)).toEqual([session])
      expect(usage.run.code, usage.run.stderr).toBe(1)
      expect(usage.run.stderr.trim().split('\n').pop()).toMatch(/^iamkit: .*Deployer/)
    } finally {
      await sandbox.dispose()
    }
  })

  it('a value botocore and the JS SDK read differently is exit 2 naming the line, before any call (audit and from-usage)', async () => {
    const { sandbox } = await setUp('external_id = abc #def\n')
    try {
      for (const args of [
        ['audit', '--profile', 'auditor', '--json'],
        ['policy', 'from-usage', '--profile', 'auditor', '--role', 'Deployer', '--days', '1'],
      ]) {
        const { run, calls } = await through(sandbox, args)
        expect(run.code, run.stderr).toBe(2)
        expect(`${run.stderr}${run.stdout}`).toMatch(/config:4: the AWS CLI reads external_id as /)
        expect(calls).toEqual([])
      }
    } finally {
      await sandbox.dispose()
    }
  })
})
