import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })

/** `iamkit policy check` as CI runs it: files and stdin in, audit formats out, exit 3 on findings. */
describe('iamkit policy check', () => {
  let sandbox: Sandbox
  let dir: string
  beforeAll(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    dir = sandbox.home
    await writeFile(join(dir, 'lambda-deployer.json'), doc({ Sid: 'Deploy', Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }))
    await writeFile(join(dir, 'reader.json'), doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }))
    await writeFile(join(dir, 'typo.json'), doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresnt': 'false' } } }))
    await writeFile(join(dir, 'broken.json'), '{"Statement": ')
  })
  afterAll(() => sandbox.dispose())

  it('reports escalation and invalid keys with file, statement and actions, and exits 3', async () => {
    const run = await sandbox.iamkit(['policy', 'check', join(dir, 'lambda-deployer.json'), join(dir, 'reader.json'), join(dir, 'typo.json'), '--json'])
    expect(run.code, run.stderr).toBe(3)
    const report = JSON.parse(run.stdout) as { findings: { type: string; resource: { name: string }; detail: string; via: string[] }[] }
    expect(report.findings.map((f) => [f.type, f.resource.name.split('/').pop()])).toEqual([
      ['PRIVILEGE_ESCALATION', 'lambda-deployer.json'],
      ['INVALID_CONDITION_KEY', 'typo.json'],
    ])
    expect(report.findings[0]!.detail).toContain('[lambda-001;')
    expect(report.findings[0]!.via).toEqual([`${join(dir, 'lambda-deployer.json')}, statement 1 (Deploy)`])
    expect(report.findings[1]!.detail).toContain('statement 1: condition key "aws:MultiFactorAuthPresnt" does not exist')
  })

  it('reads standard input for "-", passes a clean policy with exit 0, and --fail-on none never fails', async () => {
    const clean = await sandbox.iamkit(['policy', 'check', '-'], { input: await readFile(join(dir, 'reader.json'), 'utf8') })
    expect(clean.code, clean.stderr).toBe(0)
    expect(JSON.parse(clean.stdout).findings).toEqual([])
    const lenient = await sandbox.iamkit(['policy', 'check', join(dir, 'lambda-deployer.json'), '--fail-on', 'none', '--format', 'csv'])
    expect(lenient.code).toBe(0)
    expect(lenient.stdout.split('\r\n')[1]).toContain('PRIVILEGE_ESCALATION')
  })

  it('writes SARIF whose results point at the files', async () => {
    const out = join(dir, 'policy.sarif')
    const run = await sandbox.iamkit(['policy', 'check', join(dir, 'lambda-deployer.json'), '--format', 'sarif', '--output', out, '--fail-on', 'none'])
    expect(run.code, run.stderr).toBe(0)
    const sarif = JSON.parse(await readFile(out, 'utf8'))
    expect(sarif.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['PRIVILEGE_ESCALATION', join(dir, 'lambda-deployer.json')],
    ])
  })

  it('refuses a file that is not a policy document, or is missing, with exit 2 and its name', async () => {
    const broken = await sandbox.iamkit(['policy', 'check', join(dir, 'broken.json')])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('broken.json: policy document: $ is not valid JSON')
    const missing = await sandbox.iamkit(['policy', 'check', join(dir, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read the policy file')
  })

  it('checks --output before reading any policy: a missing folder is exit 2, and it is not created', async () => {
    const out = join(dir, 'no-such-folder', 'report.json')
    const run = await sandbox.iamkit(['policy', 'check', join(dir, 'broken.json'), '--output', out])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--output')
    expect(run.stderr).not.toContain('broken.json')
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false)
  })
})
