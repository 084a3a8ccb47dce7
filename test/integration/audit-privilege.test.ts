import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ADMIN_KEYS, MotoAccount } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()
const ACCOUNT = '123456789012'
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const PERMISSION_TYPES = ['ADMIN_ACCESS', 'PRIVILEGE_ESCALATION', 'ESCALATION_PATH', 'CREDENTIALS_EXPOSURE', 'RESOURCE_EXPOSURE', 'SERVICE_WILDCARD']

interface Finding {
  type: string
  severity: string
  resource: { name: string }
  detail: string
  via: string[]
}

/**
 * The over-privilege rules end to end: moto holds AWS's managed policies
 * (MOTO_IAM_LOAD_MANAGED_POLICIES), users and roles hold escalation methods, a trust path, and
 * grants cut down by Deny or held only under conditions; iamkit audits it as it would
 * a real account, and the exact findings are asserted.
 */
describe.skipIf(skip)(`audit: escalation, paths, Deny, boundaries and conditions against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let sandbox: Sandbox
  let findings: Finding[]

  beforeAll(async () => {
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'
    moto = await startMoto()
    account = new MotoAccount(moto.endpoint)
    const iam = account.iam
    const user = async (name: string, ...statements: object[]) => {
      await iam.send(new CreateUserCommand({ UserName: name }))
      if (statements.length) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(...statements) }))
    }
    await user('policy-versioner', { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' })
    await user('lambda-dev', { Sid: 'Deploy', Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' })
    await user('lambda-half', { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' })
    await user('denied', { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' })
    await user('mfa-only', { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })
    await user('iam-full')
    await iam.send(new AttachUserPolicyCommand({ UserName: 'iam-full', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }))
    await user('hopper', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/ops` })
    await account.createRole('ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] })
    await iam.send(new PutRolePolicyCommand({ RoleName: 'ops', PolicyName: 'hop', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/target` }) }))
    await account.createRole('target', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, Action: 'sts:AssumeRole' }] }, 'arn:aws:iam::aws:policy/AdministratorAccess')
    sandbox = await Sandbox.create(moto.endpoint)
    const run = await sandbox.iamkit(['audit', '--json', '--no-service-usage', '--fail-on', 'none'], { env: { AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey } })
    expect(run.code, run.stderr).toBe(0)
    findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings.filter((f) => PERMISSION_TYPES.includes(f.type))
  }, 120_000)
  afterAll(async () => {
    account?.destroy()
    await sandbox?.dispose()
    await moto?.stop()
  })

  const method = (f: Finding) => /\[([^;]+);/.exec(f.detail)?.[1]
  const of = (name: string) => findings.filter((f) => f.resource.name === name).map((f) => [f.type, f.severity, f.type === 'PRIVILEGE_ESCALATION' ? method(f) : ''])

  it('reports each held method, with the statements that grant it', () => {
    expect(of('policy-versioner')).toEqual([['PRIVILEGE_ESCALATION', 'high', 'iam-001']])
    expect(of('lambda-dev')).toEqual([['PRIVILEGE_ESCALATION', 'high', 'lambda-001']])
    expect(findings.find((f) => f.resource.name === 'lambda-dev')!.via).toEqual(['inline policy p, statement 1 (Deploy)'])
    expect(of('lambda-half')).toEqual([])
  })

  // moto's GetAccountAuthorizationDetails leaves out permissions boundaries, so boundaries are
  // proven by the unit tests on hand-built account data (test/unit/audit/rules), not here.
  it('respects an explicit Deny, and reports a conditioned grant lower, with its condition', () => {
    expect(of('denied')).toEqual([])
    expect(of('mfa-only')).toEqual([['PRIVILEGE_ESCALATION', 'medium', 'iam-008']])
    expect(findings.find((f) => f.resource.name === 'mfa-only')!.detail).toContain('only when Bool aws:MultiFactorAuthPresent true')
  })

  it('judges AWS-managed IAMFullAccess as privilege escalation, not administrator access', () => {
    const types = new Set(of('iam-full').map(([type]) => type))
    expect(types).toEqual(new Set(['PRIVILEGE_ESCALATION', 'CREDENTIALS_EXPOSURE', 'RESOURCE_EXPOSURE', 'SERVICE_WILDCARD']))
    expect(of('iam-full').filter(([type]) => type === 'PRIVILEGE_ESCALATION').map(([, , id]) => id).sort()).toEqual(
      ['iam-001', 'iam-002', 'iam-004', 'iam-005', 'iam-006', 'iam-007', 'iam-008', 'iam-009', 'iam-010', 'iam-011', 'iam-012', 'iam-013', 'iam-set-default-version'].sort(),
    )
  })

  it('follows the trust path from a user through a role to an administrator role', () => {
    expect(of('target')).toEqual([['ADMIN_ACCESS', 'high', '']])
    expect(findings.filter((f) => f.type === 'ESCALATION_PATH').map((f) => f.detail).sort()).toEqual([
      'hopper → role ops → role target, which has administrator access',
      'ops → role target, which has administrator access',
    ])
  })
})
