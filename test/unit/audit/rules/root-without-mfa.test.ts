import { describe, expect, it } from 'vitest'

import { rootWithoutMfa } from '../../../../src/audit/rules/root-without-mfa.js'
import { reportEntry, run } from './fixtures.js'

describe('ROOT_WITHOUT_MFA', () => {
  it('flags the root row without MFA only', () => {
    expect(run(rootWithoutMfa, { credentialReport: { entries: [reportEntry('<root_account>', { mfaActive: true }), reportEntry('alice')] } })).toEqual([])
    const findings = run(rootWithoutMfa, { credentialReport: { entries: [reportEntry('<root_account>')] } })
    expect(findings).toMatchObject([{ severity: 'critical', resource: { type: 'RootAccount', name: '<root_account>' } }])
  })

  it('says nothing when the report has no root row (e.g. an emulator)', () => {
    expect(run(rootWithoutMfa, { credentialReport: { entries: [reportEntry('alice')] } })).toEqual([])
  })
})
