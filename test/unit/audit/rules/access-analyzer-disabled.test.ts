import { describe, expect, it } from 'vitest'

import { accessAnalyzerDisabled } from '../../../../src/audit/rules/access-analyzer-disabled.js'
import { names, run } from './fixtures.js'

describe('ACCESS_ANALYZER_DISABLED', () => {
  it('flags each region without an ACTIVE analyzer of external access', () => {
    const findings = run(accessAnalyzerDisabled, {
      accessAnalyzers: [
        { region: 'us-east-1', analyzers: [{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE' }] },
        { region: 'eu-west-1', analyzers: [] },
        { region: 'eu-central-1', analyzers: [{ name: 'broken', type: 'ORGANIZATION', status: 'FAILED' }] },
      ],
    })
    expect(names(findings)).toEqual(['eu-west-1', 'eu-central-1'])
    expect(findings[1]!.detail).toContain('broken: FAILED')
    expect(new Set(findings.map((f) => f.id)).size).toBe(2)
  })

  it("names the region in the account's partition", () => {
    const [finding] = run(accessAnalyzerDisabled, { accessAnalyzers: [{ region: 'cn-north-1', analyzers: [] }] }, { partition: 'aws-cn' })
    expect(finding!.resource.arn).toBe('arn:aws-cn:access-analyzer:cn-north-1:123456789012:analyzer')
  })
})
