/** Marks where, in a document, the array given in pieces goes. */
export const ITEMS_HERE = '\u0000iamkit: the items go here\u0000'

// Items stringified per batch: fewer, larger pieces.
const BATCH = 64

/**
 * The same text as `JSON.stringify(document, null, 2)` where `document` holds ITEMS_HERE in place
 * of one array, and `items` are that array's elements: the document is stringified once without
 * them, and the items one at a time at the depth of the mark, so the text is never whole in memory.
 */
export function* prettyJsonPieces(document: unknown, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(document, null, 2)
  const mark = JSON.stringify(ITEMS_HERE)
  const at = text.indexOf(mark)
  if (at === -1 || text.indexOf(mark, at + 1) !== -1) throw new Error('prettyJsonPieces: the document must hold ITEMS_HERE exactly once')
  const lineStart = text.lastIndexOf('\n', at) + 1
  const indent = /^ */.exec(text.slice(lineStart, at))![0]
  const inner = `${indent}  `
  yield text.slice(0, at)
  let first = true
  let batch: string[] = []
  for (const item of items) {
    batch.push(`${first ? '[' : ','}\n${inner}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${inner}`)}`)
    first = false
    if (batch.length >= BATCH) {
      yield batch.join('')
      batch = []
    }
  }
  yield `${batch.join('')}${first ? '[]' : `\n${indent}]`}`
  yield text.slice(at + mark.length)
}
