import type { AuditReport } from '../audit/audit-report.js'

/** SPEC §7's document, pretty-printed like every other --json output of iamkit. */
export function renderJson(report: AuditReport): string {
  return [...jsonChunks(report)].join('')
}

/**
 * The same text as `JSON.stringify(report, null, 2)` plus a newline, in pieces (one per finding),
 * so a report of tens of thousands of findings is written without ever being one string.
 */
export function* jsonChunks(report: AuditReport): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined)
  yield '{'
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `
    if (Array.isArray(value) && value.length > 0 && key === 'findings') {
      yield '['
      for (const [j, item] of value.entries()) yield `${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(item, null, 2), '    ')}`
      yield '\n  ]'
    } else {
      yield indent(JSON.stringify(value, null, 2), '  ')
    }
  }
  yield entries.length ? '\n}\n' : '}\n'
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`)
}
