import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { goldenPath } from '../support/golden.js'
import { loadedCode } from '../support/loaded-code.js'
import { Sandbox } from '../support/sandbox.js'

const DEV = 'arn:aws:iam::123456789012:role/Developer'
const OPS = 'arn:aws:iam::123456789012:role/teams/Ops'

/** `iamkit policy …` as a user runs it: flags reach the generators, output is what the goldens hold. */
describe('iamkit policy (CLI)', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    // No endpoint: these commands must not need AWS at all.
    sandbox = await Sandbox.create()
  })
  afterEach(() => sandbox.dispose())

  const golden = (name: string) => readFile(goldenPath(name), 'utf8')

  it.each([
    [['policy', 'user', '--role-arn', DEV, OPS, '--self-service'], 'user-roles-self-service.json'],
    [['policy', 'user', '--role-arn', `${DEV},${OPS},${DEV}`], 'user-two-roles.json'],
    [['policy', 'user', '--self-service'], 'user-self-service.json'],
    [['policy', 'trust', '--principal', '210987654321', '--principal', 'arn:aws:iam::123456789012:user/alice', '--mfa', '--mfa-max-age', '3600', '--external-id', 'Partner-7f3c9a'], 'trust-all.json'],
    [['policy', 'trust', '--principal', 'arn:aws:iam::123456789012:user/alice', '--mfa-max-age', '900'], 'trust-max-age-implies-mfa.json'],
    [['policy', 'mfa-required'], 'mfa-required.json'],
  ])('iamkit %s prints the golden policy', async (args, fixture) => {
    const result = await sandbox.iamkit(args)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(await golden(fixture))
  })

  it('--out writes the policy atomically and prints nothing on stdout', async () => {
    // The folder must exist: iamkit never creates one for --out (the bad-input matrix checks that).
    await mkdir(join(sandbox.home, 'policies'))
    const out = join(sandbox.home, 'policies', 'trust.json')
    const result = await sandbox.iamkit(['policy', 'trust', '--principal', '210987654321', '--external-id', 'Partner-7f3c9a', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    const characters = (await golden('trust-external-id.json')).replace(/\s/g, '').length
    expect(result.stderr).toBe(`Wrote the policy (${characters} of 2048 characters for trust) to ${out}\n`)
    expect(await readFile(out, 'utf8')).toBe(await golden('trust-external-id.json'))
  })

  it('--json prints one document holding the policy and its size', async () => {
    const result = await sandbox.iamkit(['policy', 'user', '--role-arn', DEV, '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      policy: JSON.parse(await golden('user-one-role.json')),
      // IAM's count: the document's characters other than white space.
      size: { characters: (await golden('user-one-role.json')).replace(/\s/g, '').length, limit: 'user-inline', maximum: 2048 },
    })
  })

  it('a policy over the quota exits 2 with what to do, and leaves --out untouched', async () => {
    const roles = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::123456789012:role/team-${i}/Developer`)
    const out = join(sandbox.home, 'user.json')
    await writeFile(out, 'previous\n')
    const result = await sandbox.iamkit(['policy', 'user', '--role-arn', ...roles, '--out', out])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /^iamkit: the policy is 2\d{3} characters without white space, more than the 2048 IAM allows for a inline user policy; list fewer roles, or attach it as a managed policy \(--limit managed/,
    )
    expect(await readFile(out, 'utf8')).toBe('previous\n')
    const managed = await sandbox.iamkit(['policy', 'user', '--role-arn', ...roles, '--limit', 'managed', '--json'])
    expect(managed.code).toBe(0)
    expect(JSON.parse(managed.stdout).size.limit).toBe('managed')
  })

  it.each([
    [['policy', 'trust', '--principal', '*'], '--principal *: wildcard principals are refused'],
    [['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/*'], 'is not a role ARN'],
    [['policy', 'user', '--limit', 'huge', '--self-service'], '--limit must be one of user-inline, role-inline, managed, trust, not "huge"'],
    [['policy', 'from-usage', '--role', 'deploy', '--days', '0'], '--days must be a whole number from 1 to 90'],
  ])('iamkit %s exits 2', async (args, message) => {
    const result = await sandbox.iamkit(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(message)
  })

  it('--json errors are {"error":{code,message}}', async () => {
    const result = await sandbox.iamkit(['policy', 'trust', '--principal', '*', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('wildcard principals are refused') } })
  })

  it('mfa-required --help says it blocks long-term-key CLI use until iamkit login', async () => {
    const result = await sandbox.iamkit(['policy', 'mfa-required', '--help'])
    expect(result.code).toBe(0)
    const help = result.stdout.replace(/\s+/g, ' ')
    expect(help).toContain('This blocks the AWS CLI and SDKs from using a long-term access key for anything but those calls')
    expect(help).toContain('That is the point. Run "iamkit login <profile>"')
  })

  it('user, trust and mfa-required never load the AWS SDK; from-usage does (so the probe sees it)', async () => {
    const loaded = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const { result, packages } = await loadedCode(args, { ...sandbox.env, ...env })
      return { code: result.code, modules: [...packages].filter((name) => name.startsWith('@aws-sdk/')).length }
    }
    for (const args of [['policy', 'user', '--self-service'], ['policy', 'trust', '--principal', '123456789012', '--mfa'], ['policy', 'mfa-required']]) {
      expect(await loaded(args), args.join(' ')).toEqual({ code: 0, modules: 0 })
    }
    // A closed loopback port: the command fails fast, after it has loaded the CloudTrail client.
    const fromUsage = await loaded(['policy', 'from-usage', '--role', 'deploy', '--days', '1', '--endpoint-url', 'http://127.0.0.1:9'], {
      AWS_ACCESS_KEY_ID: 'AKIAFAKEPROBE0000000',
      AWS_SECRET_ACCESS_KEY: 'fake',
      AWS_MAX_ATTEMPTS: '1',
    })
    expect(fromUsage.code).toBe(1)
    expect(fromUsage.modules).toBeGreaterThan(0)
  })
})
