import { ProfileFileError } from './profile-file-error.js'

/**
 * A shared credentials or config file as lines, edited in place (SPEC §1): comments, blank
 * lines, order and unknown keys survive byte for byte, and only the lines that change are
 * rewritten. Parsing is as strict as botocore's RawConfigParser, which rejects duplicate
 * sections, duplicate keys and lines outside a section, so iamkit never rewrites a file that
 * the AWS CLI could not read.
 */
interface SectionSpan {
  name: string
  /** Index of the `[name]` line. */
  header: number
  /** Index one past the section's last key or continuation line. */
  end: number
  /** Lower-cased key → index of its line. */
  keys: Map<string, number>
}

const HEADER = /^\[(.*)\]\s*$/
const COMMENT = /^\s*[#;]/
const INDENTED = /^\s/
// What the JS SDK would cut off as an inline comment while botocore keeps it.
const INLINE_COMMENT = /(^|\s)[#;]/
const KEY_NAME = /^[a-z0-9][a-z0-9_.-]*$/

export class IniDocument {
  private readonly lines: string[]
  private readonly eol: string
  private readonly finalNewline: boolean
  private sections: SectionSpan[]

  private constructor(
    readonly path: string,
    text: string,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n'
    this.finalNewline = text.length === 0 || text.endsWith('\n')
    const body = this.finalNewline && text.length > 0 ? text.slice(0, -this.eol.length) : text
    this.lines = body.length === 0 ? [] : body.split(this.eol)
    this.sections = this.scan()
  }

  /** Parses a file's text; throws `ProfileFileError` (path:line) where botocore would fail. */
  static parse(path: string, text: string): IniDocument {
    return new IniDocument(path, text)
  }

  sectionNames(): string[] {
    return this.sections.map((s) => s.name)
  }

  hasSection(name: string): boolean {
    return this.find(name) !== undefined
  }

  get(section: string, key: string): string | undefined {
    const span = this.find(section)
    const index = span?.keys.get(key.toLowerCase())
    if (index === undefined) return undefined
    return valueOf(this.lines[index]!)
  }

  /** Sets `key = value` in `section`, creating either as needed; other lines stay as they are. */
  set(section: string, key: string, value: string): void {
    assertWritable(key, value)
    const line = `${key} = ${value}`
    const span = this.find(section)
    if (!span) {
      const blank = this.lines.length > 0 && this.lines[this.lines.length - 1]!.trim() !== '' ? [''] : []
      this.lines.push(...blank, `[${section}]`, line)
    } else {
      const index = span.keys.get(key)
      if (index !== undefined) {
        if (this.lines[index] === line) return
        const continuation = this.continuationLength(index)
        this.lines.splice(index, 1 + continuation, line)
      } else {
        this.lines.splice(span.end, 0, line)
      }
    }
    this.sections = this.scan()
  }

  /** Removes `key` from `section` (with any continuation lines); no-op when absent. */
  delete(section: string, key: string): void {
    const index = this.find(section)?.keys.get(key.toLowerCase())
    if (index === undefined) return
    this.lines.splice(index, 1 + this.continuationLength(index))
    this.sections = this.scan()
  }

  toString(): string {
    const body = this.lines.join(this.eol)
    return this.finalNewline && this.lines.length > 0 ? body + this.eol : body
  }

  private find(name: string): SectionSpan | undefined {
    return this.sections.find((s) => s.name === name)
  }

  private continuationLength(index: number): number {
    let n = 0
    while (index + 1 + n < this.lines.length && isContinuation(this.lines[index + 1 + n]!)) n++
    return n
  }

  private scan(): SectionSpan[] {
    const sections: SectionSpan[] = []
    let current: SectionSpan | undefined
    let lastKey: number | undefined
    this.lines.forEach((raw, index) => {
      const lineNo = index + 1
      if (raw.trim() === '' || COMMENT.test(raw)) return
      const header = INDENTED.test(raw) ? null : HEADER.exec(raw)
      if (header) {
        const name = header[1]!
        if (sections.some((s) => s.name === name)) {
          throw new ProfileFileError(this.path, lineNo, `section [${name}] appears twice; merge the two sections into one`)
        }
        current = { name, header: index, end: index + 1, keys: new Map() }
        sections.push(current)
        lastKey = undefined
        return
      }
      if (!current) {
        throw new ProfileFileError(this.path, lineNo, 'this line is outside any [section]; move it under a section header or delete it')
      }
      if (INDENTED.test(raw) && lastKey !== undefined) {
        current.end = index + 1 // a continuation of the previous key's value (nested settings)
        return
      }
      const key = keyOf(raw)
      if (key === undefined) {
        throw new ProfileFileError(this.path, lineNo, `expected "key = value" in [${current.name}]`)
      }
      if (current.keys.has(key)) {
        throw new ProfileFileError(this.path, lineNo, `key "${key}" appears twice in [${current.name}]; keep one`)
      }
      current.keys.set(key, index)
      current.end = index + 1
      lastKey = index
    })
    return sections
  }
}

function isContinuation(line: string): boolean {
  return INDENTED.test(line) && line.trim() !== '' && !COMMENT.test(line)
}

/** botocore splits on the first `=` or `:` and lower-cases the key. */
function keyOf(line: string): string | undefined {
  const at = line.search(/[=:]/)
  if (at <= 0) return undefined
  const key = line.slice(0, at).trim().toLowerCase()
  return key === '' ? undefined : key
}

function valueOf(line: string): string {
  const at = line.search(/[=:]/)
  return line.slice(at + 1).trim()
}

function assertWritable(key: string, value: string): void {
  if (!KEY_NAME.test(key)) throw new Error(`iamkit bug: refusing to write key "${key}" (keys are lower-case)`)
  if (/[\r\n]/.test(value) || value !== value.trim() || INLINE_COMMENT.test(value)) {
    // The AWS CLI and the JS SDK would read such a value differently; never write one.
    throw new Error(`iamkit bug: refusing to write a value for "${key}" that parsers would read differently`)
  }
}
