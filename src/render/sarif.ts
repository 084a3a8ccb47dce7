import type { AuditReport } from '../audit/audit-report.js'
import { type ReportToWrite, toWrite } from '../audit/report-findings.js'
import type { Finding, FindingAccount } from '../audit/finding.js'
import { BENCHMARKS } from '../audit/benchmark/cis-aws-4.0.js'
import { controlsByFinding } from '../audit/benchmark/controls-by-finding.js'
import { ALL_RULES } from '../audit/rules/all-rules.js'
import type { Severity } from '../audit/severity.js'
import { ITEMS_HERE, prettyJsonPieces } from './json-pieces.js'

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }
/** GitHub code scanning reads this 0–10 score to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }

/**
 * SARIF 2.1.0 with one reporting rule per finding type, so code-scanning dashboards group,
 * track (by the finding id as fingerprint) and close findings across runs. An IAM resource is
 * not a file: each result points at the account's IAM through the resource ARN.
 */
export function renderSarif(report: AuditReport | ReportToWrite, toolVersion: string): string {
  return [...sarifChunks(report, toolVersion)].join('')
}

/** The same text in pieces, the results as the findings are read. */
export function* sarifChunks(input: AuditReport | ReportToWrite, toolVersion: string): Generator<string> {
  const report = toWrite(input)
  const controls = controlsByFinding(report)
  const ruleControls = new Map<string, Set<string>>()
  for (const control of report.benchmark?.controls ?? []) {
    const definition = BENCHMARKS[report.benchmark!.id]?.controls.find((c) => c.id === control.id)
    if (definition?.check.kind !== 'findings') continue
    for (const type of definition.check.types) ruleControls.set(type, (ruleControls.get(type) ?? new Set()).add(`${report.benchmark!.id}/${control.id}`))
  }
  const rules = ALL_RULES.map((rule) => ({
    id: rule.type,
    name: pascalCase(rule.type),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.title },
    help: { text: rule.remediation, markdown: rule.remediation },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', 'iam', ...(ruleControls.get(rule.type) ?? [])], 'security-severity': SECURITY_SEVERITY[rule.severity], severity: rule.severity },
  }))
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]))
  const result = (f: Finding) => ({
    ruleId: f.type,
    ruleIndex: ruleIndex.get(f.type),
    level: LEVEL[f.severity],
    message: { text: `${f.resource.type} ${f.resource.name}${accountLabel(f.account)}: ${f.detail}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: f.resource.arn } },
        logicalLocations: [{ name: f.resource.name, fullyQualifiedName: f.resource.arn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'iamkitFindingId/v1': f.id },
    properties: { ...(controls ? { [`${report.benchmark!.id}Controls`]: controls.get(f.id) ?? [] } : {}), severity: f.severity, resourceType: f.resource.type, accountId: f.account.id, accountName: f.account.name, lastUsed: f.lastUsed, ageDays: f.ageDays },
  })
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamkit', version: toolVersion, rules } },
        automationDetails: { id: `iamkit-audit/${report.account ?? 'unknown'}/` },
        ...(report.benchmark ? { properties: { benchmark: report.benchmark } } : {}),
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: report.warnings.map((text) => ({ level: 'warning', message: { text } })),
          },
        ],
        results: ITEMS_HERE,
      },
    ],
  }
  yield* prettyJsonPieces(sarif, map(report.findings, result))
  yield '\n'
}

function* map<T, U>(items: Iterable<T>, to: (item: T) => U): Generator<U> {
  for (const item of items) yield to(item)
}

function accountLabel(account: FindingAccount): string {
  if (!account.id) return ''
  return ` in account ${account.id}${account.name ? ` (${account.name})` : ''}`
}

function pascalCase(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
}
