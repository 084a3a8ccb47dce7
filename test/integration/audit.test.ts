import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateServiceLinkedRoleCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DEBUG_LINE_LIMIT } from '../../src/cli/stderr-reporter.js'
import { AccessAnalyzerFake } from '../support/access-analyzer-fake.js'
import { FaultProxy, forward, throttle } from '../support/fault-proxy.js'
import { ADMIN_KEYS, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()
const DAY = 86_400
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess'
const ACCOUNT_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }
const MFA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
}
const TYPO_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuth': 'true' } } }],
}
/** The escalation methods that NotAction iam:* on * holds: every one that needs no IAM action. */
const PRIVILEGE_ESCALATION_OF_ALMOST_ADMIN = ['ec2-003', 'lambda-003', 'stepfunctions-002', 'ssm-001', 'glue-002', 'cloudformation-002', 'sagemaker-005', 'sagemaker-004', 'ec2-002', 'apprunner-002', 'codebuild-003', 'ecs-006', 'ssm-002', 'ssm-003', 'codedeploy-001', 'ec2-005', 'codestar-team-member', 'codebuild-002', 'cloudformation-005']
const OPEN_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }

interface AuditJson {
  account: string
  credentialReportGeneratedTime: string | null
  scanned: { users: number; groups: number; roles: number; policies: number } | null
  findings: { id: string; type: string; severity: string; resource: { type: string; name: string; arn: string }; detail: string; via: string[]; lastUsed: string | null; ageDays: number | null }[]
  summary: { total: number; suppressed: number; bySeverity: Record<string, number> }
  warnings: string[]
  skippedRules: { type: string; reason: string }[]
}

/** A deterministic 30 % coin (mulberry32), so a failing run can be replayed exactly. */
function seededCoin(seed: number, probability: number): () => boolean {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 < probability
  }
}

describe.skipIf(skip)(`iamkit audit against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let sandbox: Sandbox
  let analyzer: AccessAnalyzerFake
  // moto has no Access Analyzer: its ListAnalyzers goes to a loopback fake (no analyzer anywhere).
  const adminEnv: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey }

  const signIn = (user: SeededUser) =>
    new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, maxAttempts: 1 })

  /** Signs a request with the user's key: moto records the key's (and user's) last use. */
  async function useKey(user: SeededUser): Promise<void> {
    const sts = signIn(user)
    await sts.send(new GetCallerIdentityCommand({}))
    sts.destroy()
  }

  /** Assumes the role and signs a request with its session: moto records the role's last use. */
  async function useRole(user: SeededUser, roleArn: string): Promise<void> {
    const sts = signIn(user)
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'audit-test' }))
    sts.destroy()
    const session = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }, maxAttempts: 1 })
    await session.send(new GetCallerIdentityCommand({}))
    session.destroy()
  }

  beforeAll(async () => {
    // AdministratorAccess must exist to be attached; moto loads AWS's managed policies on request.
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'
    moto = await startMoto()
    account = new MotoAccount(moto.endpoint)
    const iam = account.iam

    // 200 days ago: the old part of the account.
    await moto.setClock(-200 * DAY)
    await account.createUser('dormant')
    const usedLongAgo = await account.createUser('used-long-ago')
    const active = await account.createUser('active')
    await account.createUser('console')
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console', Password: 'Not-a-real-password-1' }))
    await account.createRole('stale-role', ACCOUNT_TRUST)
    const usedRole = await account.createRole('used-role', MFA_TRUST)
    const oldUseRole = await account.createRole('old-use-role', MFA_TRUST)
    await account.createRole('typo-role', TYPO_TRUST)
    await account.createRole('open-role', OPEN_TRUST)
    const adminRole = await account.createRole('admin-role', MFA_TRUST, ADMINISTRATOR_ACCESS)
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }))
    await iam.send(new CreatePolicyCommand({ PolicyName: 'leftover', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }))
    await iam.send(new CreateGroupCommand({ GroupName: 'nobody' }))
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }))
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS }))

    // 100 days ago: some things were last used then.
    await moto.setClock(-100 * DAY)
    await useKey(usedLongAgo)
    await useRole(usedLongAgo, oldUseRole)

    // Now: recent use, and young entities that are never "unused".
    await moto.setClock(0)
    await useKey(active)
    await useRole(active, usedRole)
    await useRole(active, adminRole)
    await account.createUser('newcomer')
    await account.createRole('new-role', ACCOUNT_TRUST)
    const boss = await account.createUser('boss')
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: boss.userName }))
    await useKey(boss)
    await account.createUser('almost-admin', {
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] },
    })
    await iam.send(new PutUserPolicyCommand({ UserName: 'dormant', PolicyName: 'typo', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresnt': 'false' } } }] }) }))
    sandbox = await Sandbox.create(moto.endpoint)
    analyzer = await AccessAnalyzerFake.start()
    adminEnv.AWS_ENDPOINT_URL_ACCESSANALYZER = analyzer.endpoint
  })
  afterAll(async () => {
    account?.destroy()
    await analyzer?.stop()
    await sandbox?.dispose()
    await moto?.stop()
  })

  const EXPECTED = [
    ['TRUST_ANY_PRINCIPAL', 'critical', 'open-role'],
    ['USER_WITHOUT_MFA', 'high', 'console'],
    ['ADMIN_ACCESS', 'high', 'admin-role'],
    ['ADMIN_ACCESS', 'high', 'boss'],
    // NotAction iam:* is not administrator access, but it holds every escalation method outside IAM,
    // reaches the admin role (its trust admits the account, with MFA), reads secrets and rewrites policies.
    ...PRIVILEGE_ESCALATION_OF_ALMOST_ADMIN.map(() => ['PRIVILEGE_ESCALATION', 'high', 'almost-admin']),
    ['ESCALATION_PATH', 'high', 'almost-admin'],
    ['CREDENTIALS_EXPOSURE', 'high', 'almost-admin'],
    ['INVALID_CONDITION_KEY', 'high', 'typo-role'],
    ['INVALID_CONDITION_KEY', 'high', 'dormant'],
    ['UNUSED_ROLE', 'medium', 'old-use-role'],
    ['UNUSED_ROLE', 'medium', 'open-role'],
    ['UNUSED_ROLE', 'medium', 'stale-role'],
    ['UNUSED_ROLE', 'medium', 'typo-role'],
    ['UNUSED_USER', 'medium', 'console'],
    ['UNUSED_USER', 'medium', 'dormant'],
    ['UNUSED_USER', 'medium', 'used-long-ago'],
    ['UNUSED_ACCESS_KEY', 'medium', 'used-long-ago access key 1'],
    ['ACCESS_KEY_NEVER_USED', 'medium', 'console access key 1'],
    ['ACCESS_KEY_NEVER_USED', 'medium', 'dormant access key 1'],
    ['STALE_ACCESS_KEY', 'medium', 'active access key 1'],
    ['STALE_ACCESS_KEY', 'medium', 'console access key 1'],
    ['STALE_ACCESS_KEY', 'medium', 'dormant access key 1'],
    ['STALE_ACCESS_KEY', 'medium', 'used-long-ago access key 1'],
    ['RESOURCE_EXPOSURE', 'medium', 'almost-admin'],
    ['SERVICE_WILDCARD', 'medium', 'almost-admin'],
    ['TRUST_WITHOUT_MFA', 'medium', 'new-role'],
    ['TRUST_WITHOUT_MFA', 'medium', 'stale-role'],
    ['TRUST_WITHOUT_MFA', 'medium', 'typo-role'],
    ['UNUSED_CONSOLE_PASSWORD', 'medium', 'console'],
    ['PASSWORD_POLICY_WEAK', 'medium', 'PasswordPolicy'],
    ['UNUSED_POLICY', 'low', 'leftover'],
    ['USER_DIRECT_POLICY', 'low', 'almost-admin'],
    ['USER_DIRECT_POLICY', 'low', 'dormant'],
    ['NO_SUPPORT_ROLE', 'low', '123456789012'],
    ['ACCESS_ANALYZER_DISABLED', 'low', 'us-east-1'],
    ['EMPTY_GROUP', 'info', 'nobody'],
  ]

  const summaryOf = (report: AuditJson) => report.findings.map((f) => [f.type, f.severity, f.resource.name])

  it('finds exactly what the account holds, warns that moto lacks service last-accessed data, and exits 3', async () => {
    const run = await sandbox.iamkit(['audit', '--json'], { env: adminEnv })
    expect(run.code, run.stderr).toBe(3)
    const report = JSON.parse(run.stdout) as AuditJson
    expect(summaryOf(report)).toEqual(EXPECTED)
    expect(report.account).toBe('123456789012')
    expect(report.credentialReportGeneratedTime).toMatch(/^\d{4}-\d\d-\d\dT/)
    // What was scanned, counted by the AWS CLI reading the same account.
    const details = JSON.parse((await sandbox.aws(['iam', 'get-account-authorization-details'], { env: adminEnv })).stdout)
    expect(report.scanned).toEqual({ users: details.UserDetailList.length, groups: details.GroupDetailList.length, roles: details.RoleDetailList.length, policies: details.Policies.length })
    expect(report.summary).toMatchObject({ total: EXPECTED.length, suppressed: 0, bySeverity: { critical: 1, high: 26, medium: 21, low: 5, info: 1 } })
    expect(report.findings.filter((f) => f.type === 'PRIVILEGE_ESCALATION').map((f) => /\[([^;]+);/.exec(f.detail)?.[1]).sort()).toEqual([...PRIVILEGE_ESCALATION_OF_ALMOST_ADMIN].sort())
    expect(report.findings.find((f) => f.type === 'ESCALATION_PATH')).toMatchObject({
      detail: 'almost-admin → role admin-role, which has administrator access',
      via: ['sts:AssumeRole arn:aws:iam::123456789012:role/admin-role: its policy allows sts:AssumeRole and the trust admits the account (when Bool aws:MultiFactorAuthPresent true)'],
    })
    expect(report.findings.find((f) => f.type === 'ADMIN_ACCESS' && f.resource.name === 'boss')).toMatchObject({ via: ['group admins: attached policy AdministratorAccess, statement 1'] })
    const noOrg = { type: 'TRUST_EXTERNAL_ACCOUNT', reason: "needs --org (the organization's account list)" }
    expect(report.skippedRules).toEqual([{ type: 'UNUSED_SERVICE_PERMISSIONS', reason: expect.stringContaining('service last-accessed data') }, noOrg])
    expect(report.warnings).toEqual([expect.stringMatching(/^service last-accessed data: .*GenerateServiceLastAccessedDetails/)])
    expect(run.stderr).toContain('warning: service last-accessed data')
    expect(run.stderr).toContain('at or above --fail-on high')
    const usedLongAgoKey = report.findings.find((f) => f.type === 'UNUSED_ACCESS_KEY')!
    expect(usedLongAgoKey.ageDays).toBe(200)
    expect(Date.now() - Date.parse(usedLongAgoKey.lastUsed!)).toBeGreaterThan(99 * DAY * 1000)
    // Same account, same ids; --debug changes only stderr.
    const debugRun = await sandbox.iamkit(['audit', '--json', '--no-service-usage', '--debug'], { env: adminEnv })
    const again = JSON.parse(debugRun.stdout) as AuditJson
    // The credential report (a Uint8Array) is logged as its length, not as a map of its bytes, and no line is endless.
    // (Booleans, so that a failure does not print the whole stderr.)
    const debugLines = debugRun.stderr.split('\n')
    expect(debugLines.filter((line) => /GetCredentialReport.*"Content":"<\d+ bytes>"/.test(line))).toHaveLength(1)
    expect(/\{"0":\d+,"1":\d+/.test(debugRun.stderr)).toBe(false)
    expect(Math.max(...debugLines.map((line) => line.length))).toBeLessThan(DEBUG_LINE_LIMIT + 80)
    expect(debugRun.stderr.includes(ADMIN_KEYS.secretAccessKey)).toBe(false)
    expect(again.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id))
    expect(again.skippedRules).toEqual([{ type: 'UNUSED_SERVICE_PERMISSIONS', reason: 'not collected (--no-service-usage)' }, noOrg])
    expect(again.warnings).toEqual([])
  })

  it('finishes with the same findings when 30% of requests are throttled', async () => {
    const coin = seededCoin(20261122, 0.3)
    let throttled = 0
    const proxy = await FaultProxy.start(moto.endpoint, () => (coin() ? (throttled++, throttle) : forward))
    try {
      const direct = JSON.parse((await sandbox.iamkit(['audit', '--json', '--no-service-usage'], { env: adminEnv })).stdout) as AuditJson
      // Through AWS_ENDPOINT_URL, so that AWS_ENDPOINT_URL_ACCESSANALYZER still reaches the fake.
      const run = await sandbox.iamkit(['audit', '--json', '--no-service-usage'], { env: { ...adminEnv, AWS_ENDPOINT_URL: proxy.endpoint } })
      expect(run.code, run.stderr).toBe(3)
      const report = JSON.parse(run.stdout) as AuditJson
      expect(throttled).toBeGreaterThan(0)
      expect(proxy.calls.length).toBeGreaterThan(4 + throttled - 1)
      expect(report.findings).toEqual(direct.findings)
      expect(report.warnings).toEqual([])
    } finally {
      await proxy.stop()
    }
  })

  it('suppresses accepted findings, counts them, warns about expired entries, and can pass', async () => {
    const ignoreFile = join(sandbox.home, 'ignore.json')
    await writeFile(
      ignoreFile,
      JSON.stringify({
        ignore: [
          { type: 'ADMIN_ACCESS', arn: 'arn:aws:iam::123456789012:*', reason: 'break-glass identities' },
          { type: 'TRUST_ANY_PRINCIPAL', arn: '*:role/open-role', reason: 'demo', expires: '2020-01-01' },
        ],
      }),
    )
    const run = await sandbox.iamkit(['audit', '--json', '--no-service-usage', '--ignore-file', ignoreFile, '--fail-on', 'critical'], { env: adminEnv })
    const report = JSON.parse(run.stdout) as AuditJson
    expect(report.summary.suppressed).toBe(2)
    expect(report.findings.some((f) => f.type === 'ADMIN_ACCESS')).toBe(false)
    expect(report.warnings).toEqual([expect.stringContaining('TRUST_ANY_PRINCIPAL *:role/open-role expired on 2020-01-01')])
    expect(run.code).toBe(3)
    const pass = await sandbox.iamkit(['audit', '--no-service-usage', '--fail-on', 'none', '--format', 'csv', '--output', join(sandbox.home, 'audit.csv')], { env: adminEnv })
    expect(pass.code, pass.stderr).toBe(0)
    expect(pass.stdout).toBe('')
  })

  it('writes SARIF 2.1.0 with one rule per finding type', async () => {
    const run = await sandbox.iamkit(['audit', '--no-service-usage', '--format', 'sarif', '--fail-on', 'none'], { env: adminEnv })
    expect(run.code, run.stderr).toBe(0)
    const sarif = JSON.parse(run.stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['PRIVILEGE_ESCALATION', 'ESCALATION_PATH', 'INVALID_ACTION', 'INVALID_CONDITION_OPERATOR']))
    expect(sarif.runs[0].results).toHaveLength(EXPECTED.length)
  })
})
