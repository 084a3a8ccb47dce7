import { describe, expect, it } from 'vitest'

import { ITEMS_HERE, prettyJsonPieces } from '../../../src/render/json-pieces.js'

const item = (i: number) => ({ id: `F-${i}`, nested: { list: [i, 'a\n"b"', null], empty: [], none: {} }, via: i % 2 ? [] : [`statement ${i}`], skipped: undefined })

// Documents holding the array at depth 0 to 3 (the audit's JSON at 1, SARIF's results at 3).
const documents: [string, (items: unknown) => unknown][] = [
  ['the document itself', (items) => items],
  ['a top-level key', (items) => ({ before: 1, findings: items, after: [2] })],
  ['inside an array of objects', (items) => ({ runs: [{ tool: { name: 'x' }, results: items, columnKind: 'utf16CodeUnits' }] })],
  ['three levels down', (items) => ({ a: { b: [{ c: items }] } })],
]

describe('prettyJsonPieces', () => {
  for (const [where, document] of documents) {
    for (const count of [0, 1, 63, 64, 65, 129]) {
      it(`gives JSON.stringify(document, null, 2) with ${count} item(s) at ${where}`, () => {
        const items = Array.from({ length: count }, (_, i) => item(i))
        expect([...prettyJsonPieces(document(ITEMS_HERE), items)].join('')).toBe(JSON.stringify(document(items), null, 2))
      })
    }
  }

  it('refuses a document without the mark, or with it twice', () => {
    expect(() => [...prettyJsonPieces({ a: 1 }, [])]).toThrow(/exactly once/)
    expect(() => [...prettyJsonPieces({ a: ITEMS_HERE, b: ITEMS_HERE }, [])]).toThrow(/exactly once/)
  })
})
