/**
 * The candidate closest to what was typed, for "did you mean …?": within two edits (or a third
 * of the word), so that a stray word suggests nothing rather than something unrelated.
 */
export function nearestWord(typed: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(typed.length / 3))
  let best: { word: string; distance: number } | undefined
  for (const word of candidates) {
    const distance = editDistance(typed.toLowerCase(), word.toLowerCase())
    if (distance <= limit && (!best || distance < best.distance)) best = { word, distance }
  }
  return best?.word
}

/** Damerau–Levenshtein (optimal string alignment): a swapped pair of letters is one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
    }
  }
  return d[a.length]![b.length]!
}
