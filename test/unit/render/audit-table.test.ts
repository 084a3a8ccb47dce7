import { describe, expect, it } from 'vitest'

import { type AuditReport, sortFindings, summarize } from '../../../src/audit/audit-report.js'
import type { Finding } from '../../../src/audit/finding.js'
import { outputWidth } from '../../../src/cli/terminal.js'
import { renderTable } from '../../../src/render/table.js'
import { expectGolden } from '../../support/golden.js'

const ACCOUNT = { id: '123456789012', name: 'prod' }
const finding = (partial: Partial<Finding> & Pick<Finding, 'type' | 'severity' | 'resource' | 'detail'>): Finding => ({
  id: `${partial.type}-${partial.resource.name}`,
  account: ACCOUNT,
  lastUsed: null,
  ageDays: null,
  recommendation: 'see docs/audit.md',
  via: [],
  ...partial,
})

// The findings that made the 80-column table unreadable: long role paths, long details, key labels.
const findings = sortFindings([
  finding({
    type: 'TRUST_ANY_PRINCIPAL',
    severity: 'critical',
    resource: { type: 'Role', name: 'OpenReadOnlyAccessForPartners', arn: 'arn:aws:iam::123456789012:role/partners/OpenReadOnlyAccessForPartners' },
    detail: 'The trust policy lets any AWS principal ("*") assume the role, with no condition on the caller, its account or its organization',
  }),
  finding({
    type: 'UNUSED_SERVICE_PERMISSIONS',
    severity: 'medium',
    resource: { type: 'Role', name: 'deploy-pipeline-production-eu-west-1', arn: 'arn:aws:iam::123456789012:role/ci/deploy-pipeline-production-eu-west-1' },
    detail: 'Granted but not used in 90 days: dynamodb, kinesis, sqs, sns, lambda, states, events, logs',
    lastUsed: '2026-10-02T08:15:00.000Z',
  }),
  finding({
    type: 'STALE_ACCESS_KEY',
    severity: 'medium',
    resource: { type: 'AccessKey', name: 'alice access key 1', arn: 'arn:aws:iam::123456789012:user/alice' },
    detail: 'AKIAFAKEFAKEFAKE0001 is 412 days old (limit 90)',
    lastUsed: '2026-11-21T17:00:00.000Z',
  }),
  finding({ type: 'EMPTY_GROUP', severity: 'info', resource: { type: 'Group', name: 'contractors', arn: 'arn:aws:iam::123456789012:group/contractors' }, detail: 'No members' }),
])
const report: AuditReport = {
  generatedAt: '2026-11-22T12:00:00.000Z',
  account: '123456789012',
  unusedDays: 90,
  maxKeyAgeDays: 90,
  scanned: { users: 153, groups: 12, roles: 48, policies: 30 },
  credentialReportGeneratedTime: '2026-11-22T10:00:00.000Z',
  findings,
  summary: summarize(findings, 0),
  warnings: [],
  notes: [],
  skippedRules: [],
}

describe('the audit table fits the terminal', () => {
  it.each([80, 100, 110, 120, 200])('no line is wider than %i columns, and nothing is cut', (width) => {
    const text = renderTable(report, { color: false, width })
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(width)
    // Every word of every detail and resource survives the wrapping.
    const words = text.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ').split(/\s+/)
    for (const f of findings) for (const word of `${f.detail} ${f.resource.name}`.split(/\s+/)) expect(words).toContain(word)
    expect(text).not.toContain('…')
  })

  it('stacks each finding at 80 columns (golden)', async () => {
    await expectGolden('audit-table-80.txt', renderTable(report, { color: false, width: 80 }), 'render')
  })

  it('puts type, resource, detail and last use side by side at 200 columns (golden)', async () => {
    await expectGolden('audit-table-200.txt', renderTable(report, { color: false, width: 200 }), 'render')
  })

  it('says what was scanned, and claims nothing when the identities could not be read', () => {
    expect(renderTable(report, { color: false, width: 120 })).toContain('Scanned 153 users, 12 groups, 48 roles and 30 managed policies')
    expect(renderTable({ ...report, scanned: null }, { color: false, width: 120 })).not.toContain('Scanned')
  })
})

describe('outputWidth', () => {
  const tty = { isTTY: true, columns: 93 } as NodeJS.WriteStream
  const pipe = { isTTY: false } as NodeJS.WriteStream
  it("is the terminal's width on a terminal, COLUMNS when piped, else 120", () => {
    expect(outputWidth(tty, { COLUMNS: '200' })).toBe(93)
    expect(outputWidth(pipe, { COLUMNS: '200' })).toBe(200)
    expect(outputWidth(pipe, { COLUMNS: 'wide' })).toBe(120)
    expect(outputWidth(pipe, {})).toBe(120)
  })
})
