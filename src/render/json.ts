import type { AuditReport } from '../audit/audit-report.js'

/** SPEC §7's document, pretty-printed like every other --json output of iamkit. */
export function renderJson(report: AuditReport): string {
  return [...jsonChunks(report)].join('')
}

/**
 * The same text as `JSON.stringify(report, null, 2)` plus a newline, in pieces (the findings a batch at a time),
 * so a report of tens of thousands of findings is written without ever being one string.
 */
export function* jsonChunks(report: AuditReport): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined)
  yield '{'
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `
    if (Array.isArray(value) && value.length > 0 && key === 'findings') {
      yield '['
      for (let start = 0; start < value.length; start += BATCH) yield `${start === 0 ? '' : ','}\n${nestedItems(key, value.slice(start, start + BATCH))}`
      yield '\n  ]'
    } else {
      yield indent(JSON.stringify(value, null, 2), '  ')
    }
  }
  yield entries.length ? '\n}\n' : '}\n'
}

// Findings stringified per batch: few calls into JSON.stringify, pieces of a few hundred KB.
const BATCH = 64

/**
 * The items as they read inside `{"<key>": [...]}` pretty-printed: JSON.stringify indents them
 * itself when they sit at that depth, so only the wrapper's first and last lines are cut off.
 */
function nestedItems(key: string, items: unknown[]): string {
  const text = JSON.stringify({ [key]: items }, null, 2)
  return text.slice(`{\n  ${JSON.stringify(key)}: [\n`.length, -'\n  ]\n}'.length)
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`)
}
