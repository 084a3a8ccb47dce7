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
  // A batch is stringified in one call, nested in as many arrays as the mark is deep, so that
  // JSON.stringify itself indents its items as they stand in the document: no re-indenting of
  // each item's text afterwards. The wrappers' brackets are cut off again.
  const depth = indent.length / 2
  const stringifyNested = (batch: unknown[]) => {
    let wrapped: unknown = batch
    for (let i = 0; i < depth; i++) wrapped = [wrapped]
    return JSON.stringify(wrapped, null, 2)
  }
  // Where the items start and end in that text, measured on a batch of one `0`.
  const probe = stringifyNested([0])
  const opening = probe.indexOf(`\n${indent}  0`) // after the batch's own `[`
  const closing = probe.length - (opening + indent.length + 4) // from the batch's own `\n…]`
  const nested = (batch: unknown[]) => {
    const inside = stringifyNested(batch)
    return inside.slice(opening, inside.length - closing)
  }
  yield text.slice(0, at)
  let first = true
  let batch: unknown[] = []
  for (const item of items) {
    batch.push(item)
    if (batch.length >= BATCH) {
      yield `${first ? '[' : ','}${nested(batch)}`
      first = false
      batch = []
    }
  }
  if (batch.length > 0) yield `${first ? '[' : ','}${nested(batch)}\n${indent}]`
  else yield first ? '[]' : `\n${indent}]`
  yield text.slice(at + mark.length)
}
