import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { type AuditReport, sortFindings, summarize } from '../../../../src/audit/audit-report.js'
import type { Finding } from '../../../../src/audit/finding.js'
import { FINDING_TYPES } from '../../../../src/audit/finding-types.js'
import { ReportScanner } from '../../../../src/audit/org/report-scanner.js'
import { mergeSorted, type ReportToWrite } from '../../../../src/audit/report-findings.js'
import { withBenchmark } from '../../../../src/audit/run-audit.js'
import { SEVERITIES } from '../../../../src/audit/severity.js'
import { SpillFile } from '../../../../src/audit/spill/spill-file.js'
import { SpilledFindings } from '../../../../src/audit/spill/spilled-findings.js'
import { AUDIT_FORMATS, renderAuditReport } from '../../../../src/render/render-audit.js'

let parent: string
let spill: SpillFile
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'iamkit-spilled-test-'))
  spill = await SpillFile.create({ parent })
})
afterEach(async () => {
  await spill.remove()
  await rm(parent, { recursive: true, force: true })
})

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444']

/** Findings of every severity and several types in each account, with texts that need escaping. */
function accountFindings(account: string, n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const type = FINDING_TYPES[(i * 7) % FINDING_TYPES.length]!
    const name = `role-${(i * 13) % 17}`
    return {
      id: `${type}-${account}-${i}`,
      type,
      severity: SEVERITIES[(i * 3) % SEVERITIES.length]!,
      resource: { type: 'Role', name, arn: `arn:aws:iam::${account}:role/${name}` },
      account: { id: account, name: account === ACCOUNTS[0] ? 'prod "eu", main' : null },
      detail: `granted, \n "${i}" ü`,
      lastUsed: i % 2 ? '2026-08-01T00:00:00.000Z' : null,
      ageDays: i % 3 ? 200 : null,
      recommendation: 'do the thing',
      via: i % 4 ? [`inline policy p${i}, statement 1`] : [],
    }
  })
}

function documentOf(findings: Finding[]): AuditReport {
  return {
    generatedAt: '2026-11-22T12:00:00.000Z',
    account: ACCOUNTS[0]!,
    unusedDays: 45,
    maxKeyAgeDays: 90,
    scanned: { users: 1, groups: 2, roles: 3, policies: 4 },
    credentialReportGeneratedTime: null,
    findings: sortFindings(findings),
    summary: { ...summarize(findings, 1), byAccount: ACCOUNTS.map((id) => ({ id, name: null, total: findings.filter((f) => f.account.id === id).length, bySeverity: summarize(findings.filter((f) => f.account.id === id), 0).bySeverity })) },
    warnings: ['a warning'],
    notes: ['a note'],
    skippedRules: [],
    organization: { organizationId: 'o-1', managementAccountId: ACCOUNTS[0]!, orgRole: 'R', accountCount: 4, accountSetDigest: 'd', shard: null, settings: {}, rules: [] },
    skippedAccounts: [{ id: '555555555555', name: null, reason: 'denied' }],
  }
}

describe('mergeSorted', () => {
  it('gives the order of one stable sort of the lists one after another', () => {
    const lists = [[1, 4, 4, 9], [], [2, 4, 8], [0, 10]].map((l, list) => l.map((value) => ({ value, list })))
    const merged = [...mergeSorted(lists, (a, b) => a.value - b.value)]
    expect(merged).toEqual(lists.flat().sort((a, b) => a.value - b.value))
  })
})

describe('findings kept in a spill file', () => {
  it('read back in the report order, and one account at a time, render every format exactly as the same report in memory', async () => {
    const byAccount = ACCOUNTS.map((id, i) => accountFindings(id, 150 + 40 * i))
    const runs = []
    for (const [i, findings] of byAccount.entries()) runs.push({ ...(await spill.append(sortFindings(findings))), accounts: [ACCOUNTS[i]!] })
    const inMemory = withBenchmark('cis-4.0', documentOf(byAccount.flat()))
    const spilled: ReportToWrite = withBenchmark('cis-4.0', { ...documentOf(byAccount.flat()), findings: new SpilledFindings(spill, runs) })

    expect([...spilled.findings]).toEqual(inMemory.findings)
    expect(spilled.findings.count).toBe(inMemory.findings.length)
    expect([...spilled.findings.ofAccount(ACCOUNTS[2]!)]).toEqual(inMemory.findings.filter((f) => f.account.id === ACCOUNTS[2]))
    expect(spilled.benchmark).toEqual(inMemory.benchmark)
    expect(inMemory.benchmark!.controls.some((c) => c.status === 'fail')).toBe(true)
    for (const format of AUDIT_FORMATS) {
      const options = { color: false, width: 120, toolVersion: '0.1.0' }
      expect(renderAuditReport(spilled, format, options), format).toBe(renderAuditReport(inMemory, format, options))
    }
    // Runs that hold several accounts (a merge's shards): one account's findings are picked out of its run.
    const mixed = { ...(await spill.append(sortFindings(byAccount.slice(0, 2).flat()))), accounts: ACCOUNTS.slice(0, 2) }
    const shards = new SpilledFindings(spill, [mixed, ...runs.slice(2)])
    expect([...shards]).toEqual(inMemory.findings)
    expect([...shards.ofAccount(ACCOUNTS[1]!)]).toEqual(inMemory.findings.filter((f) => f.account.id === ACCOUNTS[1]))
  })
})

describe('ReportScanner', () => {
  const scan = async (text: string) => {
    const path = join(parent, 'report.json')
    await writeFile(path, text)
    const scanner = new ReportScanner(path)
    const findings: unknown[] = []
    for await (const f of scanner.findings()) findings.push(f)
    return { findings, document: scanner.document }
  }

  it('reads any layout of a report: its findings one by one and the rest as a document', async () => {
    // Large enough to cross the stream's chunks, with brackets, quotes and non-ASCII inside strings.
    const report = documentOf(ACCOUNTS.flatMap((id) => accountFindings(id, 500)).map((f, i) => ({ ...f, detail: `[{"}"]\\ ${i} ] } 🙂 ü`.repeat(i % 50) })))
    report.warnings = ['"findings": [1, 2]', '}]']
    for (const text of [JSON.stringify(report, null, 2), JSON.stringify(report), JSON.stringify(report, null, '\t')]) {
      expect(text.length).toBeGreaterThan(600_000)
      const { findings, document } = await scan(text)
      expect(findings).toEqual(report.findings)
      expect(document).toEqual({ ...report, findings: [] })
    }
    expect(await scan('{"findings": [], "b": {"findings": [1]}}')).toEqual({ findings: [], document: { findings: [], b: { findings: [1] } } })
  })

  it.each([
    ['id,type\r\nx,y\r\n', /is not a JSON audit report/],
    ['[{"findings": []}]', /is not a JSON audit report/],
    ['{"findings": [{"id": 1}, 2]}', /findings are not all objects/],
    ['{"findings": ["a"]}', /findings are not all objects/],
    ['{"findings": [{"id": 1}], "findings": []}', /two lists of findings/],
    ['{"findings": [{"id": 1', /is not a JSON audit report/],
    ['{"findings": [{"id": 1}], "summary": ', /is not a JSON audit report/],
  ])('refuses what is not a report: %j', async (text, message) => {
    await expect(scan(text)).rejects.toMatchObject({ code: 'MERGE_INPUT', message: expect.stringMatching(message) })
  })
})
