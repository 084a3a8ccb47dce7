/**
 * Python's `shlex.split` (POSIX mode) for section names: botocore splits `[profile "my name"]`
 * this way, so a name with spaces needs quotes in the config file. Undefined where shlex raises
 * (an unclosed quote, a trailing backslash); botocore then ignores the section.
 */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = []
  let word: string | undefined
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word = (word ?? '') + c
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1]!)) word = (word ?? '') + text[++i]!
      else word = (word ?? '') + c
    } else if (' \t\r\n'.includes(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === '"' || c === "'") {
      quote = c
      word ??= ''
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined
      word = (word ?? '') + text[++i]
    } else {
      word = (word ?? '') + c
    }
  }
  if (quote) return undefined
  if (word !== undefined) words.push(word)
  return words
}
