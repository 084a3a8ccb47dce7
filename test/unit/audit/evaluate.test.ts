import { describe, expect, it } from 'vitest'

import { evaluateRules } from '../../../src/audit/evaluate.js'
import { ALL_RULES } from '../../../src/audit/rules/all-rules.js'
import { FINDING_TYPES } from '../../../src/audit/finding-types.js'
import { ACCOUNT, authorization, REFERENCE, reportEntry, role, SETTINGS } from './rules/fixtures.js'

describe('evaluateRules', () => {
  it('has exactly one rule per finding type of SPEC §7, each with severity and remediation', () => {
    expect(ALL_RULES.map((r) => r.type)).toEqual([...FINDING_TYPES])
    for (const rule of ALL_RULES) {
      expect(rule.remediation.length).toBeGreaterThan(20)
      expect(rule.title.length).toBeGreaterThan(10)
    }
  })

  it('runs the rules whose sources exist and lists the others as skipped, with the reason', () => {
    const { findings, skippedRules } = evaluateRules(
      ALL_RULES,
      { authorization: authorization({ roles: [role('old')] }), reference: REFERENCE },
      { credentialReport: 'credential report: access denied', serviceUsage: 'not collected (--no-service-usage)' },
      SETTINGS,
      { id: ACCOUNT, name: null },
    )
    expect(findings.map((f) => f.type)).toEqual(['UNUSED_ROLE', 'NO_SUPPORT_ROLE'])
    const denied = { reason: 'credential report: access denied' }
    expect(skippedRules).toEqual([
      ...['UNUSED_USER', 'UNUSED_ACCESS_KEY', 'ACCESS_KEY_NEVER_USED', 'STALE_ACCESS_KEY', 'USER_WITHOUT_MFA', 'ROOT_ACCESS_KEY', 'ROOT_WITHOUT_MFA'].map((type) => ({ type, ...denied })),
      { type: 'UNUSED_SERVICE_PERMISSIONS', reason: 'not collected (--no-service-usage)' },
      ...['UNUSED_CONSOLE_PASSWORD', 'MULTIPLE_ACTIVE_KEYS', 'ROOT_WITHOUT_HARDWARE_MFA', 'ROOT_RECENTLY_USED'].map((type) => ({ type, ...denied })),
      { type: 'TRUST_EXTERNAL_ACCOUNT', reason: 'organization was not collected' },
      { type: 'PASSWORD_POLICY_WEAK', reason: 'passwordPolicy was not collected' },
      { type: 'EXPIRED_SERVER_CERTIFICATE', reason: 'serverCertificates was not collected' },
      { type: 'ACCESS_ANALYZER_DISABLED', reason: 'accessAnalyzers was not collected' },
    ])
  })

  it('completes hits into findings with the rule’s severity and remediation', () => {
    const { findings } = evaluateRules(ALL_RULES, { credentialReport: { entries: [reportEntry('<root_account>')] } }, {}, SETTINGS, { id: ACCOUNT, name: 'prod' })
    expect(findings).toEqual([
      expect.objectContaining({ type: 'ROOT_WITHOUT_MFA', severity: 'critical', account: { id: ACCOUNT, name: 'prod' }, recommendation: expect.stringContaining('enable MFA'), id: expect.stringMatching(/^ROOT_WITHOUT_MFA-/) }),
    ])
  })
})
