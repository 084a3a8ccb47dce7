import Table from 'cli-table3'
import { describe, expect, it } from 'vitest'

import { plainTable, plainTableChunks } from '../../../src/render/plain-table.js'

/** What cli-table3 itself draws for the same layout: the reference. */
function byCliTable3(head: string[], colWidths: number[], rows: string[][]): string {
  const table = new Table({ head, colWidths, wordWrap: true, wrapOnWordBoundary: true, style: { head: [], border: [] } })
  for (const row of rows) table.push([...row])
  return table.toString()
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['a', 'ab', 'role', 'UNUSED_ROLE', 'arn:aws:iam::123456789012:role/a-very-long-path/with-a-name-longer-than-any-column', 'never', '2026-11-30', '"x"', '{}', '?!.', '']

function cell(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
  const parts: string[] = []
  const count = Math.floor(next() * 8)
  for (let i = 0; i < count; i++) {
    parts.push(pick(WORDS))
    // Gaps of one or more spaces, line breaks, sometimes spaces around a line break.
    parts.push(pick([' ', ' ', ' ', '  ', '   ', '\n', ' \n', '\n ', '\n\n']))
  }
  return (next() < 0.2 ? pick([' ', '  ']) : '') + parts.join('')
}

describe('plainTable', () => {
  it('draws the same bytes as cli-table3 for 300 random tables, plain text and some rows of other characters among them', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed)
      const columns = 1 + Math.floor(next() * 4)
      const colWidths = Array.from({ length: columns }, () => 3 + Math.floor(next() * 28))
      const head = Array.from({ length: columns }, () => cell(next))
      const rows = Array.from({ length: Math.floor(next() * 6) }, () => Array.from({ length: columns }, () => cell(next)))
      // One row in ten has a character only cli-table3 measures (a tab, an accent, a wide character, a colour).
      for (const row of rows) if (next() < 0.1) row[0] = `${row[0]} ${['a\tb', 'café', '界界', '\x1b[31mred\x1b[0m'][Math.floor(next() * 4)]}`
      const ours = plainTable({ head, colWidths }, rows)
      if (ours !== byCliTable3(head, colWidths, rows)) expect({ seed, ours }).toEqual({ seed, ours: byCliTable3(head, colWidths, rows) })
    }
  })

  it('draws the audit table layouts the same as cli-table3 (a finding row, a stacked row, the controls)', () => {
    const cases: [string[], number[], string[][]][] = [
      [['Type', 'Resource', 'Detail', 'Last used'], [28, 30, 40, 12], [['UNUSED_ROLE', 'Role bench-role-1', 'role not assumed for 200 days; created 200 days ago', 'never']]],
      [['Type / last used', 'Resource / detail'], [28, 49], [['ADMIN_ACCESS\n2026-11-30', 'Role admin\nallows every action of every service on every resource']]],
      [['Control', 'Status', 'Title / what to check'], [9, 10, 77], [['1.4', 'FAIL', 'Ensure no root user account access key exists\nthe root user has an active access key']]],
    ]
    for (const [head, colWidths, rows] of cases) expect(plainTable({ head, colWidths }, rows)).toBe(byCliTable3(head, colWidths, rows))
  })

  it('draws rows with anything but printable ASCII and line breaks through cli-table3, beside plain rows (tabs, colours, wide and accented characters)', () => {
    for (const odd of ['a\tb', '\x1b[31mred\x1b[0m', '界界界 wide', 'café crème brûlée', 'bell\x07']) {
      const rows = [['plain', 'text here'], ['x', odd], [odd, 'y'], ['plain', 'again']]
      expect(plainTable({ head: ['A', 'B'], colWidths: [8, 12] }, rows)).toBe(byCliTable3(['A', 'B'], [8, 12], rows))
    }
  })

  it('gives the same text in pieces of a few rows as whole', () => {
    const rows = Array.from({ length: 23 }, (_, i) => [`row ${i}`, i % 3 === 0 ? 'a longer text that wraps onto a second line' : 'short'])
    const pieces = [...plainTableChunks({ head: ['A', 'B'], colWidths: [10, 20] }, rows, 5)]
    expect(pieces.length).toBe(5)
    expect(pieces.join('')).toBe(byCliTable3(['A', 'B'], [10, 20], rows))
    for (const n of [1, 2, 24, 25]) expect([...plainTableChunks({ head: ['A', 'B'], colWidths: [10, 20] }, rows, n)].join('')).toBe(byCliTable3(['A', 'B'], [10, 20], rows))
  })
})
