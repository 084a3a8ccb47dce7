import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { AttachGroupPolicyCommand, AttachRolePolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, DeleteRoleCommand, IAMClient, PutUserPolicyCommand, UpdateAccountPasswordPolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, DeleteRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { shardOf } from '../../src/audit/org/shard.js'
import { AccessAnalyzerFake } from '../support/access-analyzer-fake.js'
import { FaultProxy, forward, throttle, type Verdict } from '../support/fault-proxy.js'
import { ADMIN_KEYS } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()
const MANAGEMENT = '123456789012'
const VENDOR = '464622532012'
const REGION = { region: 'us-east-1' }

/** The audit role's last use moves with every run that assumes it; everything else must not. */
const stable = (report: OrgReport) => report.findings.map((f) => ({ ...f, lastUsed: f.type === 'TRUST_WITHOUT_MFA' && f.resource.name === 'OrganizationAccountAccessRole' ? 'moves' : f.lastUsed }))

interface OrgReport {
  account: string
  findings: { id: string; type: string; lastUsed: string | null; resource: { name: string; arn: string }; account: { id: string; name: string | null } }[]
  summary: { total: number; byAccount: { id: string; name: string | null; total: number }[] }
  warnings: string[]
  skippedRules: { type: string; reason: string; accounts?: string[] }[]
  skippedAccounts: { id: string; name: string | null; reason: string }[]
  benchmark: { id: string; controls: { id: string; status: string; findings: string[] }[] }
  organization: { organizationId: string; shard: { index: number; count: number } | null; accountCount: number }
}

describe.skipIf(skip)(`iamkit audit --org against moto Organizations${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let sandbox: Sandbox
  let analyzer: AccessAnalyzerFake
  let proxy: FaultProxy
  const ids: Record<string, string> = {}
  let throttling = () => false
  const env = () => ({ AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey, AWS_ENDPOINT_URL: proxy.endpoint, AWS_ENDPOINT_URL_ACCESSANALYZER: analyzer.endpoint })
  const audit = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const run = await sandbox.iamkit(['audit', '--no-service-usage', '--fail-on', 'none', '--benchmark', 'cis-4.0', ...args], { env: { ...env(), ...extraEnv } })
    return { ...run, report: run.stdout.startsWith('{') ? (JSON.parse(run.stdout) as OrgReport) : undefined }
  }
  const typesIn = (report: OrgReport, account: string) => [...new Set(report.findings.filter((f) => f.account.id === ids[account]).map((f) => f.type))].sort()

  /** IAM in a member account, through the OrganizationAccountAccessRole that moto created with it. */
  async function memberIam(accountId: string): Promise<IAMClient> {
    const sts = new STSClient({ ...REGION, endpoint: moto.endpoint, credentials: ADMIN_KEYS })
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))
    sts.destroy()
    const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }
    // The assumed credentials act in the member account, not the management account.
    const who = new STSClient({ ...REGION, endpoint: moto.endpoint, credentials })
    expect((await who.send(new GetCallerIdentityCommand({}))).Account).toBe(accountId)
    who.destroy()
    return new IAMClient({ ...REGION, endpoint: moto.endpoint, credentials })
  }

  beforeAll(async () => {
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'
    moto = await startMoto()
    analyzer = await AccessAnalyzerFake.start()
    analyzer.analyzers.set('us-east-1', [{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE' }])
    const org = new OrganizationsClient({ ...REGION, endpoint: moto.endpoint, credentials: ADMIN_KEYS })
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    for (const name of ['dev', 'prod', 'shared', 'support', 'locked']) {
      const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
      ids[name] = created.CreateAccountStatus!.AccountId!
    }
    org.destroy()

    const dev = await memberIam(ids.dev!)
    await dev.send(new CreateUserCommand({ UserName: 'two-keys' }))
    await dev.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }))
    await dev.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }))
    const prod = await memberIam(ids.prod!)
    const trust = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] })
    await prod.send(new CreateRoleCommand({ RoleName: 'vendor', AssumeRolePolicyDocument: trust(`arn:aws:iam::${VENDOR}:root`) }))
    await prod.send(new CreateRoleCommand({ RoleName: 'from-dev', AssumeRolePolicyDocument: trust(`arn:aws:iam::${ids.dev}:root`) }))
    const shared = await memberIam(ids.shared!)
    await shared.send(new CreateUserCommand({ UserName: 'direct' }))
    await shared.send(new PutUserPolicyCommand({ UserName: 'direct', PolicyName: 'own', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }) }))
    await shared.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 }))
    const support = await memberIam(ids.support!)
    await support.send(new CreateRoleCommand({ RoleName: 'support', AssumeRolePolicyDocument: trust(`arn:aws:iam::${MANAGEMENT}:root`) }))
    await support.send(new AttachRolePolicyCommand({ RoleName: 'support', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }))
    await support.send(new CreateGroupCommand({ GroupName: 'shell' }))
    await support.send(new AttachGroupPolicyCommand({ GroupName: 'shell', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }))
    for (const client of [dev, prod, shared, support]) client.destroy()

    // moto lets anyone assume any role ARN, even one that does not exist; AWS answers AccessDenied.
    // The proxy gives that answer for the "locked" account, whose audit role is missing.
    const lockedRole = `arn:aws:iam::${ids.locked}:role/OrganizationAccountAccessRole`
    proxy = await FaultProxy.start(moto.endpoint, (call): Verdict => {
      if (call.action === 'AssumeRole' && new URLSearchParams(call.body).get('RoleArn') === lockedRole) {
        return { kind: 'fail', status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::${MANAGEMENT}:user/admin is not authorized to perform: sts:AssumeRole on resource: ${lockedRole}` }
      }
      return throttling() ? throttle : forward
    })
    sandbox = await Sandbox.create(moto.endpoint)
  }, 60_000)
  afterAll(async () => {
    await proxy?.stop()
    await analyzer?.stop()
    await sandbox?.dispose()
    await moto?.stop()
  })

  let full: OrgReport
  it('audits every active account with its own findings, and reports the account whose role is missing as skipped', async () => {
    const run = await audit(['--org', '--json'])
    expect(run.code, run.stderr).toBe(0)
    full = run.report!
    expect(full.summary.byAccount.map((a) => a.id)).toEqual([MANAGEMENT, ids.dev, ids.prod, ids.shared, ids.support].sort())
    expect(full.summary.byAccount.find((a) => a.id === ids.dev)).toMatchObject({ name: 'dev' })
    expect(full.skippedAccounts).toEqual([{ id: ids.locked, name: 'locked', reason: expect.stringContaining('sts:AssumeRole') }])
    expect(full.warnings).toContainEqual(expect.stringMatching(new RegExp(`^account ${ids.locked} \\(locked\\) was not audited: .*sts:AssumeRole`)))
    expect(run.stderr).toContain(`warning: account ${ids.locked} (locked) was not audited`)

    expect(typesIn(full, 'dev')).toContain('MULTIPLE_ACTIVE_KEYS')
    expect(typesIn(full, 'prod')).toContain('TRUST_EXTERNAL_ACCOUNT')
    const external = full.findings.filter((f) => f.type === 'TRUST_EXTERNAL_ACCOUNT')
    // Only the vendor: the sibling account and the management account are in the organization.
    expect(external.map((f) => f.resource.arn)).toEqual([`arn:aws:iam::${ids.prod}:role/vendor`])
    expect(typesIn(full, 'shared')).toContain('USER_DIRECT_POLICY')
    expect(typesIn(full, 'shared')).not.toContain('PASSWORD_POLICY_WEAK')
    expect(typesIn(full, 'prod')).toContain('PASSWORD_POLICY_WEAK')
    expect(typesIn(full, 'support')).toContain('CLOUDSHELL_FULL_ACCESS')
    expect(typesIn(full, 'support')).not.toContain('NO_SUPPORT_ROLE')
    expect(typesIn(full, 'dev')).toContain('NO_SUPPORT_ROLE')
    expect(typesIn(full, 'dev')).not.toContain('ACCESS_ANALYZER_DISABLED')

    // Every finding is about the account it says, and ids are unique across the organization.
    for (const f of full.findings) expect(f.resource.arn.split(':')[4] === f.account.id || f.resource.arn.includes(`:${f.account.id}:`)).toBe(true)
    expect(new Set(full.findings.map((f) => f.id)).size).toBe(full.findings.length)
    expect(full.summary.byAccount.reduce((n, a) => n + a.total, 0)).toBe(full.summary.total)
    expect(full.skippedRules.find((r) => r.type === 'UNUSED_SERVICE_PERMISSIONS')?.accounts).toHaveLength(5)

    // CIS v4.0: failed controls carry their findings; with an account skipped nothing can pass.
    const control = (id: string) => full.benchmark.controls.find((c) => c.id === id)!
    expect(control('1.13')).toMatchObject({ status: 'fail', findings: full.findings.filter((f) => f.type === 'MULTIPLE_ACTIVE_KEYS').map((f) => f.id) })
    expect(control('1.22').status).toBe('fail')
    expect(control('1.1').status).toBe('manual')
    expect(full.benchmark.controls.filter((c) => c.status === 'pass')).toEqual([])
  })

  it('audits only --accounts, still knowing the organization for TRUST_EXTERNAL_ACCOUNT', async () => {
    const run = await audit(['--accounts', `${ids.prod},${ids.dev}`, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.report!.summary.byAccount.map((a) => a.name)).toEqual(['dev', 'prod'].sort((a, b) => ids[a]!.localeCompare(ids[b]!)))
    const fromFull = full.findings.filter((f) => [ids.prod, ids.dev].includes(f.account.id)).map((f) => f.id)
    expect(run.report!.findings.map((f) => f.id)).toEqual(fromFull)
  })

  it('--shard 1/N … N/N merged equals the unsharded report (same findings and ids), in any format', async () => {
    // moto gives accounts random ids, and a shard holding only the locked account audits nothing
    // (ORG_NOTHING_AUDITED, exit 1, as it should): the test takes the first count from 3 up at
    // which the locked account shares its shard, so the split is random but the test is not.
    const all = [MANAGEMENT, ...Object.values(ids)]
    const count = Array.from({ length: 48 }, (_, i) => i + 3).find((n) => all.filter((id) => shardOf(id, n) === shardOf(ids.locked!, n)).length > 1)!
    expect(count).toBeDefined()
    const paths: string[] = []
    for (let k = 1; k <= count; k++) {
      const path = join(sandbox.home, `shard-${k}.json`)
      const run = await audit(['--org', '--shard', `${k}/${count}`, '--format', 'json', '--output', path])
      expect(run.code, run.stderr).toBe(0)
      paths.push(path)
    }
    const shards = await Promise.all(paths.map(async (p) => JSON.parse(await readFile(p, 'utf8')) as OrgReport))
    expect(shards.map((s) => s.organization.shard)).toEqual(paths.map((_, i) => ({ index: i + 1, count })))
    expect(shards.flatMap((s) => s.summary.byAccount.map((a) => a.id)).sort()).toEqual(full.summary.byAccount.map((a) => a.id))

    const merged = await sandbox.iamkit(['audit', 'merge', ...paths, '--json', '--fail-on', 'none'])
    expect(merged.code, merged.stderr).toBe(0)
    const report = JSON.parse(merged.stdout) as OrgReport
    expect(stable(report)).toEqual(stable(full))
    expect(report.summary).toEqual(full.summary)
    expect(report.skippedAccounts).toEqual(full.skippedAccounts)
    expect(report.skippedRules).toEqual(full.skippedRules)
    expect(report.warnings).toEqual(full.warnings)
    expect(report.organization).toEqual({ ...full.organization, shard: null })
    expect(report.benchmark).toEqual(full.benchmark)

    // Same --fail-on semantics, any format.
    const failing = await sandbox.iamkit(['audit', 'merge', ...paths, '--format', 'csv', '--fail-on', 'medium'])
    expect(failing.code).toBe(3)
    expect(failing.stdout.split('\r\n')[0]).toMatch(/^id,account_id,account_name,type/)

    const missing = await sandbox.iamkit(['audit', 'merge', ...paths.filter((_, i) => i !== 1)])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`shard 2/${count} missing`)
    const twice = await sandbox.iamkit(['audit', 'merge', ...paths, paths[1]!])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain(`shard 2/${count} is given twice`)
    // The last shard of a run with other settings (as --unused-days 30 would write it).
    const otherRun = join(sandbox.home, 'other.json')
    const third = JSON.parse(await readFile(paths.at(-1)!, 'utf8')) as OrgReport & { unusedDays: number; organization: { settings: Record<string, unknown> } }
    await writeFile(otherRun, JSON.stringify({ ...third, unusedDays: 30, organization: { ...third.organization, settings: { ...third.organization.settings, unusedDays: 30 } } }))
    const mismatch = await sandbox.iamkit(['audit', 'merge', ...paths.slice(0, -1), otherRun])
    expect(mismatch.code).toBe(2)
    expect(mismatch.stderr).toMatch(/not shards of one run: their settings differ/)
  })

  it('gives the same findings when one request in eight is throttled, sharing one retry budget', async () => {
    let n = 0
    throttling = () => ++n % 8 === 0
    try {
      const run = await audit(['--org', '--json', '--account-concurrency', '6'])
      expect(proxy.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails').length).toBeGreaterThan(0)
      expect(run.code, run.stderr).toBe(0)
      expect(stable(run.report!)).toEqual(stable(full))
      expect(run.report!.skippedAccounts).toEqual(full.skippedAccounts)
    } finally {
      throttling = () => false
    }
  })

  // Needs root (a tmpfs, as test/integration/full-disk.test.ts); not root: the injected short writes and ENOSPC of
  // test/unit/audit/spill/spill-file.test.ts stand in.
  it.skipIf(process.getuid?.() !== 0)('fails (exit 1) with no report at all when the findings cannot be kept: TMPDIR on a full disk', async () => {
    const tmp = join(sandbox.home, 'full-tmp')
    await mkdir(tmp)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4096,mode=0700', 'tmpfs', tmp], { stdio: 'pipe' })
    try {
      const path = join(sandbox.home, 'never.json')
      // The whole organization's findings: more than the one page of the tmpfs.
      const run = await audit(['--org', '--json', '--output', path], { TMPDIR: tmp })
      expect(run.code, run.stderr).toBe(1)
      // Only the error on stdout: no report, not even part of one.
      expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'SPILL_WRITE', message: expect.stringMatching(/could not keep the findings in .*: no space left on device \(ENOSPC\); no report was written/) } })
      expect(existsSync(path)).toBe(false)
      // The temporary folder is gone with the process.
      expect(await readdir(tmp)).toEqual([])
    } finally {
      execFileSync('umount', [tmp])
    }
  })

  it('groups the table by account', async () => {
    const run = await audit(['--accounts', `${ids.dev},${ids.locked}`, '--format', 'table'])
    expect(run.code, run.stderr).toBe(0)
    const dev = run.stdout.indexOf(`== Account ${ids.dev} (dev): `)
    expect(dev).toBeGreaterThan(0)
    expect(run.stdout.indexOf('MULTIPLE_ACTIVE_KEYS')).toBeGreaterThan(dev)
    expect(run.stdout).toContain(`== Account ${ids.locked} (locked): NOT AUDITED`)
  })
})
