import { describe, expect, it } from 'vitest'

import { CIS_AWS_4_0 } from '../../../../src/audit/benchmark/cis-aws-4.0.js'
import { type BenchmarkInputs, evaluateBenchmark } from '../../../../src/audit/benchmark/evaluate-benchmark.js'
import type { Finding } from '../../../../src/audit/finding.js'
import type { FindingType } from '../../../../src/audit/finding-types.js'

const finding = (type: FindingType, resourceName = 'x', account = '111111111111'): Finding => ({
  id: `${type}-${resourceName}-${account}`,
  type,
  severity: 'medium',
  resource: { type: 'User', name: resourceName, arn: `arn:aws:iam::${account}:user/${resourceName}` },
  account: { id: account, name: null },
  detail: '',
  via: [],
  lastUsed: null,
  ageDays: null,
  recommendation: '',
})
const clean: BenchmarkInputs = { findings: [], skippedRules: [], unusedDays: 45, maxKeyAgeDays: 90 }
const status = (id: string, inputs: Partial<BenchmarkInputs>) => evaluateBenchmark(CIS_AWS_4_0, { ...clean, ...inputs }).controls.find((c) => c.id === id)!

/** Which findings fail which control of v4.0.0 section 1; manual controls have none. */
const MAPPING: [string, FindingType[], string?][] = [
  ['1.4', ['ROOT_ACCESS_KEY']],
  ['1.5', ['ROOT_WITHOUT_MFA']],
  ['1.6', ['ROOT_WITHOUT_MFA', 'ROOT_WITHOUT_HARDWARE_MFA']],
  ['1.7', ['ROOT_RECENTLY_USED']],
  ['1.8', ['PASSWORD_POLICY_WEAK'], 'MinimumPasswordLength'],
  ['1.9', ['PASSWORD_POLICY_WEAK'], 'PasswordReusePrevention'],
  ['1.10', ['USER_WITHOUT_MFA']],
  ['1.12', ['UNUSED_CONSOLE_PASSWORD', 'UNUSED_ACCESS_KEY', 'ACCESS_KEY_NEVER_USED']],
  ['1.13', ['MULTIPLE_ACTIVE_KEYS']],
  ['1.14', ['STALE_ACCESS_KEY']],
  ['1.15', ['USER_DIRECT_POLICY']],
  ['1.16', ['ADMIN_ACCESS']],
  ['1.17', ['NO_SUPPORT_ROLE']],
  ['1.19', ['EXPIRED_SERVER_CERTIFICATE']],
  ['1.20', ['ACCESS_ANALYZER_DISABLED']],
  ['1.22', ['CLOUDSHELL_FULL_ACCESS']],
]
const MANUAL = ['1.1', '1.2', '1.3', '1.11', '1.18', '1.21']

describe('CIS AWS Foundations v4.0.0, section 1', () => {
  it('lists controls 1.1 to 1.22, each once, every one either mapped to findings or manual', () => {
    expect(CIS_AWS_4_0.controls.map((c) => c.id)).toEqual(Array.from({ length: 22 }, (_, i) => `1.${i + 1}`))
    expect([...MAPPING.map(([id]) => id), ...MANUAL].sort()).toEqual(CIS_AWS_4_0.controls.map((c) => c.id).sort())
  })

  it.each(MAPPING)('%s fails on %j (with the finding ids), passes without', (id, types, resourceName) => {
    for (const type of types) {
      const result = status(id, { findings: [finding(type, resourceName)] })
      expect(result).toMatchObject({ status: 'fail', findings: [finding(type, resourceName).id] })
    }
    expect(status(id, {}).status).toBe('pass')
    // A finding of another control does not fail this one.
    expect(status(id, { findings: [finding('EMPTY_GROUP')] }).status).toBe('pass')
  })

  it.each(MANUAL)('%s is manual and says what a person must check', (id) => {
    const result = status(id, { findings: [finding('ROOT_ACCESS_KEY')] })
    expect(result.status).toBe('manual')
    expect(result.detail.length).toBeGreaterThan(40)
  })

  it('1.8 and 1.9 tell the password policy settings apart; no policy at all fails both', () => {
    expect(status('1.8', { findings: [finding('PASSWORD_POLICY_WEAK', 'PasswordReusePrevention')] }).status).toBe('pass')
    expect(status('1.9', { findings: [finding('PASSWORD_POLICY_WEAK', 'MinimumPasswordLength')] }).status).toBe('pass')
    for (const id of ['1.8', '1.9']) expect(status(id, { findings: [finding('PASSWORD_POLICY_WEAK', 'PasswordPolicy')] }).status).toBe('fail')
  })

  it('never passes what it did not see: a skipped rule, a skipped account, or a looser threshold than CIS makes it unknown', () => {
    expect(status('1.20', { skippedRules: [{ type: 'ACCESS_ANALYZER_DISABLED', reason: 'access denied' }] })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('access denied') })
    expect(status('1.4', { skippedAccounts: [{ id: '222222222222', name: null, reason: 'denied' }] }).status).toBe('unknown')
    expect(status('1.12', { unusedDays: 90 })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('--unused-days 45') })
    expect(status('1.14', { maxKeyAgeDays: 180 }).status).toBe('unknown')
    // Findings fail the control whatever the threshold.
    expect(status('1.12', { unusedDays: 90, findings: [finding('UNUSED_ACCESS_KEY')] }).status).toBe('fail')
  })

  it('counts the accounts behind a failed control in an organization', () => {
    const result = status('1.13', { findings: [finding('MULTIPLE_ACTIVE_KEYS', 'a', '111111111111'), finding('MULTIPLE_ACTIVE_KEYS', 'b', '222222222222')] })
    expect(result.detail).toBe('2 finding(s) of MULTIPLE_ACTIVE_KEYS in 2 accounts')
  })
})
