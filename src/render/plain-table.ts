import Table from 'cli-table3'

/**
 * A bordered table exactly as cli-table3 draws it with fixed column widths, word wrap on word
 * boundaries and no colours: rows of plain text drawn directly, any other row by cli-table3.
 *
 * Why not cli-table3 alone: it lays a table out in time that grows faster than its rows (its
 * layout checks every cell against every other) and measures each piece of text with a regular
 * expression built anew for each call, about a millisecond a row: the 71,877 findings of a
 * 25,000-entity account took four minutes, in one string. Plain text here is printable ASCII and
 * line breaks, where a character's width is 1 and nothing needs escaping. A row with any other
 * character (tabs, control characters, ANSI colours, wide or combining characters) is drawn by
 * cli-table3 as a table of that one row, whose lines are the same: with fixed widths and no
 * spans, a row's lines depend on that row alone. test/unit/render/plain-table.test.ts checks,
 * over random tables, that both draw the same bytes.
 */
export interface PlainTableLayout {
  head: string[]
  /** Each column's width, borders excluded and one space of padding on each side included. */
  colWidths: number[]
}

const PLAIN = /^[\x20-\x7e\n]*$/

export function plainTable(layout: PlainTableLayout, rows: Iterable<readonly string[]>): string {
  return [...plainTableChunks(layout, rows)].join('')
}

/** The same text in pieces of a few hundred rows, so that a long table is never one string. */
export function* plainTableChunks(layout: PlainTableLayout, rows: Iterable<readonly string[]>, rowsPerChunk = 500): Generator<string> {
  const rule = (left: string, joint: string, right: string) => `${left}${layout.colWidths.map((w) => '─'.repeat(w)).join(joint)}${right}`
  const middle = rule('├', '┼', '┤')
  let out: string[] = [rule('┌', '┬', '┐'), ...rowLines(layout, layout.head)]
  let first = true
  let inChunk = 1
  for (const row of rows) {
    out.push(middle, ...rowLines(layout, row))
    if (++inChunk === rowsPerChunk) {
      yield `${first ? '' : '\n'}${out.join('\n')}`
      first = false
      out = []
      inChunk = 0
    }
  }
  out.push(rule('└', '┴', '┘'))
  yield `${first ? '' : '\n'}${out.join('\n')}`
}

/** The lines of one row between its borders. */
function rowLines(layout: PlainTableLayout, row: readonly string[]): string[] {
  if (row.length !== layout.colWidths.length || !row.every((cell) => PLAIN.test(cell))) return byCliTable3(layout, row)
  const cells = row.map((cell, x) => wrappedLines(cell, layout.colWidths[x]! - 2))
  const height = Math.max(1, ...cells.map((lines) => lines.length))
  const lines: string[] = []
  for (let n = 0; n < height; n++) lines.push(`│${cells.map((wrapped, x) => ` ${fitted(wrapped[n] ?? '', layout.colWidths[x]! - 2)} `).join('│')}│`)
  return lines
}

/** cli-table3's lines for a table of this one row, without its top and bottom borders. */
function byCliTable3(layout: PlainTableLayout, row: readonly string[]): string[] {
  const table = new Table({ colWidths: layout.colWidths, wordWrap: true, wrapOnWordBoundary: true, style: { head: [], border: [] } })
  table.push([...row])
  return table.toString().split('\n').slice(1, -1)
}

/** A line cut to the cell: cli-table3 ends a line that does not fit with an ellipsis, and pads the rest. */
function fitted(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line.padEnd(width)
}

/**
 * cli-table3's word wrap: each line of the text on its own; words joined by the spaces between
 * them while they fit; a word longer than the cell on a line of its own (cut later). As there,
 * spaces before a line's first word stay in the text but are not counted, and a line of only
 * spaces is dropped.
 */
function wrappedLines(text: string, width: number): string[] {
  const lines: string[] = []
  for (const part of text.split('\n')) {
    // Words at even indexes, the runs of spaces between them at odd ones.
    const pieces = part.split(/( +)/)
    let line = ''
    let counted = 0
    let gap = ''
    for (let i = 0; i < pieces.length; i += 2) {
      const word = pieces[i]!
      const grown = counted + word.length + (counted > 0 ? gap.length : 0)
      if (grown > width) {
        if (counted !== 0) lines.push(line)
        line = word
        counted = word.length
      } else {
        line += gap + word
        counted = grown
      }
      gap = pieces[i + 1] ?? ''
    }
    if (counted) lines.push(line)
  }
  return lines
}
