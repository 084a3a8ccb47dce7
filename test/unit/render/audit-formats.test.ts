import { describe, expect, it } from 'vitest'

import { type AuditReport, sortFindings, summarize } from '../../../src/audit/audit-report.js'
import type { Finding } from '../../../src/audit/finding.js'
import { parseCsv } from '../../../src/audit/collect/credential-report-csv.js'
import { ALL_RULES } from '../../../src/audit/rules/all-rules.js'
import { withBenchmark } from '../../../src/audit/run-audit.js'
import { renderAuditReport } from '../../../src/render/render-audit.js'
import { jsonChunks } from '../../../src/render/json.js'

const finding = (type: Finding['type'], severity: Finding['severity'], name: string, detail = 'something'): Finding => ({
  id: `${type}-${name}`,
  type,
  severity,
  resource: { type: 'Role', name, arn: `arn:aws:iam::123456789012:role/${name}` },
  account: { id: '123456789012', name: 'prod' },
  detail,
  lastUsed: '2026-08-01T00:00:00.000Z',
  ageDays: 200,
  recommendation: 'do the thing',
  via: ['inline policy p, statement 1'],
})

const findings = sortFindings([
  finding('UNUSED_ROLE', 'medium', 'b'),
  finding('EMPTY_GROUP', 'info', 'g'),
  finding('TRUST_ANY_PRINCIPAL', 'critical', 'open', 'Principal "*", no condition, not even one'),
  finding('UNUSED_ROLE', 'medium', 'a'),
])
const report: AuditReport = {
  generatedAt: '2026-11-22T12:00:00.000Z',
  account: '123456789012',
  unusedDays: 90,
  maxKeyAgeDays: 90,
  scanned: { users: 153, groups: 12, roles: 48, policies: 30 },
  credentialReportGeneratedTime: '2026-11-22T10:00:00.000Z',
  findings,
  summary: summarize(findings, 2),
  warnings: ['service last-accessed data: not supported here'],
  notes: [],
  skippedRules: [{ type: 'UNUSED_SERVICE_PERMISSIONS', reason: 'not supported here' }],
}
const options = { color: false, toolVersion: '0.1.0', width: 120 }

describe('audit report formats', () => {
  it('sorts worst first, then by type and resource', () => {
    expect(findings.map((f) => f.id)).toEqual(['TRUST_ANY_PRINCIPAL-open', 'UNUSED_ROLE-a', 'UNUSED_ROLE-b', 'EMPTY_GROUP-g'])
    expect(report.summary).toEqual({ total: 4, bySeverity: { info: 1, low: 0, medium: 2, high: 0, critical: 1 }, byType: { UNUSED_ROLE: 2, EMPTY_GROUP: 1, TRUST_ANY_PRINCIPAL: 1 }, suppressed: 2 })
  })

  it('json: SPEC §7 keys plus warnings, skipped rules and the credential report time', () => {
    const json = JSON.parse(renderAuditReport(report, 'json', options))
    expect(Object.keys(json)).toEqual(['generatedAt', 'account', 'unusedDays', 'maxKeyAgeDays', 'scanned', 'credentialReportGeneratedTime', 'findings', 'summary', 'warnings', 'notes', 'skippedRules'])
    expect(json.findings[0].account).toEqual({ id: '123456789012', name: 'prod' })
    expect(Object.keys(json.findings[0])).toEqual(['id', 'type', 'severity', 'resource', 'account', 'detail', 'lastUsed', 'ageDays', 'recommendation', 'via'])
  })

  it('csv: a header and one properly quoted row per finding', () => {
    const rows = parseCsv(renderAuditReport(report, 'csv', options))
    expect(rows[0]).toEqual(['id', 'account_id', 'account_name', 'type', 'severity', 'resource_type', 'resource_name', 'resource_arn', 'detail', 'last_used', 'age_days', 'recommendation'])
    expect(rows).toHaveLength(5)
    expect(rows[1]).toEqual(['TRUST_ANY_PRINCIPAL-open', '123456789012', 'prod', 'TRUST_ANY_PRINCIPAL', 'critical', 'Role', 'open', 'arn:aws:iam::123456789012:role/open', 'Principal "*", no condition, not even one', '2026-08-01T00:00:00.000Z', '200', 'do the thing'])
  })

  it('sarif: 2.1.0, one rule per finding type, results pointing at rules, fingerprints from ids', () => {
    const sarif = JSON.parse(renderAuditReport(report, 'sarif', options))
    expect(sarif.version).toBe('2.1.0')
    const run = sarif.runs[0]
    expect(run.tool.driver.rules).toHaveLength(ALL_RULES.length)
    expect(new Set(run.tool.driver.rules.map((r: { id: string }) => r.id)).size).toBe(ALL_RULES.length)
    expect(run.results).toHaveLength(4)
    const first = run.results[0]
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe('TRUST_ANY_PRINCIPAL')
    expect(first).toMatchObject({ level: 'error', partialFingerprints: { 'iamkitFindingId/v1': 'TRUST_ANY_PRINCIPAL-open' }, properties: { accountId: '123456789012', accountName: 'prod' } })
    expect(first.message.text).toContain('in account 123456789012 (prod)')
    expect(run.results[3].level).toBe('note')
    expect(run.invocations[0].toolExecutionNotifications).toEqual([{ level: 'warning', message: { text: 'service last-accessed data: not supported here' } }])
  })

  it('table: grouped by severity, worst first, with the summary, skipped rules and warnings', () => {
    const text = renderAuditReport(report, 'table', options)
    const headings = text.split('\n').filter((line) => /^[A-Z]+ \(\d+\)$/.test(line))
    expect(headings).toEqual(['CRITICAL (1)', 'MEDIUM (2)', 'INFO (1)'])
    expect(text.indexOf('Role a')).toBeLessThan(text.indexOf('Role b'))
    expect(text).toContain('4 findings: 1 critical, 0 high, 2 medium, 0 low, 1 info; 2 suppressed by the ignore file')
    expect(text).toContain('Skipped: UNUSED_SERVICE_PERMISSIONS (not supported here)')
    expect(text).toContain('warning: service last-accessed data: not supported here')
    expect(text).not.toContain('\x1b[')
    expect(renderAuditReport(report, 'table', { ...options, color: true })).toContain('\x1b[1;31mCRITICAL (1)')
  })
})

describe('JSON in pieces', () => {
  it('is byte-identical to the whole document, for empty and full reports', () => {
    // 601 findings: several of the pieces' batches, the last one short.
    const many = { ...report, findings: Array.from({ length: 601 }, (_, i) => ({ ...report.findings[i % report.findings.length]!, id: `F-${i}`, detail: `line\n"${i}"` })) }
    for (const r of [report, { ...report, findings: [], warnings: [] }, many]) {
      expect([...jsonChunks(r)].join('')).toBe(`${JSON.stringify(r, null, 2)}\n`)
    }
  })
})

describe('--benchmark cis-4.0 in every format', () => {
  const admin = { ...finding('ADMIN_ACCESS', 'high', 'boss'), id: 'ADMIN_ACCESS-boss' }
  const base = { ...report, findings: [admin], skippedRules: [] }
  const withCis = withBenchmark('cis-4.0', base)

  it('json: benchmark {id, controls} with each control’s status and the findings behind it', () => {
    const json = JSON.parse(renderAuditReport(withCis, 'json', options))
    expect(json.benchmark.id).toBe('cis-4.0')
    expect(json.benchmark.controls).toHaveLength(22)
    expect(json.benchmark.controls.find((c: { id: string }) => c.id === '1.16')).toMatchObject({ status: 'fail', findings: ['ADMIN_ACCESS-boss'] })
    expect(json.benchmark.controls.find((c: { id: string }) => c.id === '1.4')).toMatchObject({ status: 'pass' })
  })

  it('csv: a column with the failed controls of each finding', () => {
    const rows = parseCsv(renderAuditReport(withCis, 'csv', options))
    expect(rows[0]!.at(-1)).toBe('cis-4.0_controls')
    expect(rows[1]!.at(-1)).toBe('1.16')
    expect(parseCsv(renderAuditReport(base, 'csv', options))[0]!.at(-1)).toBe('recommendation')
  })

  it('sarif: control ids as rule tags, per result, and the controls on the run', () => {
    const run = JSON.parse(renderAuditReport(withCis, 'sarif', options)).runs[0]
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'ADMIN_ACCESS')
    expect(rule.properties.tags).toContain('cis-4.0/1.16')
    expect(run.results[0].properties['cis-4.0Controls']).toEqual(['1.16'])
    expect(run.properties.benchmark.controls).toHaveLength(22)
  })

  it('table: one line per control with its status, and what a person must check for manual ones', () => {
    const text = renderAuditReport(withCis, 'table', options)
    expect(text).toMatch(/CIS AWS Foundations Benchmark v4\.0\.0.*: \d+ pass, 1 fail, 6 manual, \d+ unknown/)
    expect(text).toContain('Security contact')
  })
})
