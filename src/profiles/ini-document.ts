import { echo } from '../echo.js'
import { ProfileFileError } from './profile-file-error.js'
import { jsSdkReading } from './js-sdk-reading.js'

/**
 * A shared credentials or config file as lines, edited in place (SPEC §1): comments, blank
 * lines, order, unknown keys and each line's own ending survive byte for byte, and only the
 * lines that change are rewritten. Read as botocore's RawConfigParser reads it (the AWS CLI is
 * the reference): keys case-insensitive, `=` or `:`, indented continuation lines, full-line
 * comments only; and it refuses what RawConfigParser refuses (duplicate sections or keys, lines
 * outside a section), so iamkit never rewrites a file that the AWS CLI could not read.
 */
type Eol = '' | '\n' | '\r\n'

interface Line {
  text: string
  eol: Eol
}

interface Entry {
  /** Lower-cased, as botocore's optionxform does. */
  key: string
  /** Index of the `key = value` line. */
  line: number
  /** Index one past its last continuation line. */
  end: number
  /** The value as botocore reads it (continuation lines joined with "\n"). */
  value: string
}

interface SectionSpan {
  name: string
  /** Index of the `[name]` line. */
  header: number
  /** Index one past the section's last key or continuation line. */
  end: number
  entries: Map<string, Entry>
}

/** A line that botocore and the JS SDK read differently: iamkit refuses to act on it. */
export interface Disagreement {
  line: number
  key: string
  botocore: string
  jsSdk: string | undefined
}

// Python's str.strip() whitespace: unlike JavaScript's trim(), it keeps a byte-order mark.
const PY_SPACE = '[ \\t\\n\\r\\f\\v\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]'
const LEADING = new RegExp(`^${PY_SPACE}+`)
const TRAILING = new RegExp(`${PY_SPACE}+$`)
const strip = (text: string) => text.replace(LEADING, '').replace(TRAILING, '')
const indentOf = (text: string) => text.length - text.replace(LEADING, '').length

// RawConfigParser's SECTCRE and OPTCRE (delimiters = and :), applied to the stripped line.
const SECTION = /^\[(.+)\]/
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/
const KEY_NAME = /^[a-z0-9][a-z0-9_.-]*$/
function malformedHeader(line: string): string {
  const fix = 'write it as [name] (credentials file) or [profile name] (config file)'
  if (line.startsWith('[]')) return `section header ${echo(line)} has no name; ${fix}`
  return `section header ${echo(line)} has no closing "]"; ${fix}`
}

// What the JS SDK would cut off as an inline comment while botocore keeps it.
const INLINE_COMMENT = /(^|\s)[#;]/

export class IniDocument {
  private readonly lines: Line[]
  private sections: SectionSpan[] = []
  private disagreements = new Map<string, Disagreement[]>()

  private constructor(
    readonly path: string,
    text: string,
  ) {
    this.lines = splitLines(text)
    this.rescan()
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
    return this.find(section)?.entries.get(key.toLowerCase())?.value
  }

  /** Every key of `section` with botocore's value and its 1-based line, in file order (keys lower-cased). */
  entries(section: string): { key: string; value: string; line: number }[] {
    return [...(this.find(section)?.entries.values() ?? [])].map((e) => ({ key: e.key, value: e.value, line: e.line + 1 }))
  }

  /** The lines of `section` that botocore and the JS SDK read differently. */
  disagreementsIn(section: string): Disagreement[] {
    return this.disagreements.get(section) ?? []
  }

  /** Sets `key = value` in `section`, creating either as needed; other lines stay as they are. */
  set(section: string, key: string, value: string): void {
    assertWritable(key, value)
    const text = `${key} = ${value}`
    const span = this.find(section)
    if (!span) {
      const last = this.lines[this.lines.length - 1]
      const blank = last && strip(last.text) !== '' ? [''] : []
      this.insert(this.lines.length, [...blank, `[${section}]`, text])
    } else {
      const entry = span.entries.get(key)
      if (entry) {
        if (entry.end === entry.line + 1 && this.lines[entry.line]!.text === text) return
        // The replaced block's last line ending stays: a file without a final newline keeps none.
        const eol = this.lines[entry.end - 1]!.eol
        this.lines.splice(entry.line, entry.end - entry.line, { text, eol })
      } else {
        this.insert(span.end, [text])
      }
    }
    this.rescan()
  }

  /** Removes `key` from `section` (with any continuation lines); no-op when absent. */
  delete(section: string, key: string): void {
    const entry = this.find(section)?.entries.get(key.toLowerCase())
    if (!entry) return
    this.lines.splice(entry.line, entry.end - entry.line)
    this.rescan()
  }

  /**
   * Removes `[section]` and its lines. The blank line before it goes too when nothing but a
   * blank line or the end of the file follows, which undoes how `set` appends a section.
   * Returns whether the section was there.
   */
  deleteSection(name: string): boolean {
    const span = this.find(name)
    if (!span) return false
    let start = span.header
    const next = this.lines[span.end]
    if (start > 0 && strip(this.lines[start - 1]!.text) === '' && (next === undefined || strip(next.text) === '')) start--
    this.lines.splice(start, span.end - start)
    this.rescan()
    return true
  }

  toString(): string {
    return this.lines.map((l) => l.text + l.eol).join('')
  }

  private find(name: string): SectionSpan | undefined {
    return this.sections.find((s) => s.name === name)
  }

  /** New lines take the file's dominant line ending; a missing final newline stays missing. */
  private insert(at: number, texts: string[]): void {
    const eol = this.dominantEol()
    const added: Line[] = texts.map((text) => ({ text, eol }))
    const before = this.lines[at - 1]
    if (before && before.eol === '') {
      before.eol = eol
      added[added.length - 1]!.eol = ''
    }
    this.lines.splice(at, 0, ...added)
  }

  private dominantEol(): '\n' | '\r\n' {
    const crlf = this.lines.filter((l) => l.eol === '\r\n').length
    const lf = this.lines.filter((l) => l.eol === '\n').length
    return crlf > lf ? '\r\n' : '\n'
  }

  private rescan(): void {
    this.sections = this.scan()
    this.disagreements = this.compareWithJsSdk()
  }

  /** RawConfigParser's reading loop, keeping where each section and key sits. */
  private scan(): SectionSpan[] {
    const sections: SectionSpan[] = []
    let current: SectionSpan | undefined
    let entry: Entry | undefined
    let valueLines: string[] = []
    let blanks = 0
    let indentLevel = 0
    const finish = () => {
      if (entry) entry.value = valueLines.join('\n').replace(TRAILING, '')
    }
    this.lines.forEach(({ text }, index) => {
      const lineNo = index + 1
      if (index === 0 && text.startsWith('\uFEFF')) {
        throw this.error(lineNo, 'the file starts with a byte-order mark, which the AWS CLI rejects; save it as UTF-8 without one')
      }
      if (text.includes('\r')) {
        throw this.error(lineNo, 'a carriage return that does not end the line; the AWS CLI reads it as a line break and the JS SDK does not: remove it')
      }
      const value = strip(text)
      const comment = value.startsWith('#') || value.startsWith(';')
      if (value === '' || comment) {
        if (value === '' && entry) blanks++
        return
      }
      const indent = indentOf(text)
      if (current && entry && indent > indentLevel) {
        valueLines.push(...Array<string>(blanks).fill(''), value)
        blanks = 0
        entry.end = index + 1
        current.end = index + 1
        return
      }
      finish()
      blanks = 0
      indentLevel = indent
      const header = SECTION.exec(value)
      if (header) {
        const name = header[1]!
        if (name === 'DEFAULT') {
          throw this.error(lineNo, 'a [DEFAULT] section: the AWS CLI applies its keys to every profile while the JS SDK reads it as a profile named DEFAULT; move its keys into the profiles that need them')
        }
        if (sections.some((s) => s.name === name)) throw this.error(lineNo, `section [${name}] appears twice; merge the two sections into one`)
        const js = jsSdkReading.header(text)
        if (js !== name) {
          throw this.error(lineNo, `the AWS CLI reads this as section [${name}] but the JS SDK ${js === undefined ? 'does not read it as a section' : `as [${js}]`}; put the header alone on its line, without " #" or " ;" in the name`)
        }
        current = { name, header: index, end: index + 1, entries: new Map() }
        sections.push(current)
        entry = undefined
        return
      }
      // RawConfigParser refuses these too; naming the header beats "outside any section".
      if (value.startsWith('[')) throw this.error(lineNo, malformedHeader(value))
      if (!current) throw this.error(lineNo, 'this line is outside any [section]; move it under a section header or delete it')
      const option = OPTION.exec(value)
      const key = option?.[1] ? option[1].replace(TRAILING, '').toLowerCase() : ''
      if (!option || key === '') throw this.error(lineNo, `expected "key = value" in [${current.name}]`)
      if (current.entries.has(key)) throw this.error(lineNo, `key "${key}" appears twice in [${current.name}]; keep one`)
      entry = { key, line: index, end: index + 1, value: '' }
      valueLines = [strip(option[3]!)]
      current.entries.set(key, entry)
      current.end = index + 1
    })
    finish()
    return sections
  }

  /**
   * Values the JS SDK reads differently from botocore: an inline ` #` or ` ;` (the SDK cuts it
   * off, botocore keeps it), a value that continues on indented lines, a `:` before the `=`.
   * Nested settings (`s3 =` and indented lines) are read alike and not compared.
   */
  private compareWithJsSdk(): Map<string, Disagreement[]> {
    const found = new Map<string, Disagreement[]>()
    for (const section of this.sections) {
      for (const entry of section.entries.values()) {
        const js = jsSdkReading.keyLine(this.lines[entry.line]!.text)
        if (!js || js.value === '' || entry.value.startsWith('\n')) continue
        if (js.key.toLowerCase() === entry.key && js.value === entry.value) continue
        const list = found.get(section.name) ?? []
        list.push({ line: entry.line + 1, key: entry.key, botocore: entry.value, jsSdk: js.key.toLowerCase() === entry.key ? js.value : undefined })
        found.set(section.name, list)
      }
    }
    return found
  }

  private error(line: number, problem: string): ProfileFileError {
    return new ProfileFileError(this.path, line, problem)
  }
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  const pattern = /\r?\n/g
  let start = 0
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ text: text.slice(start, match.index), eol: match[0] as Eol })
    start = match.index + match[0].length
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' })
  return lines
}

function assertWritable(key: string, value: string): void {
  if (!KEY_NAME.test(key)) throw new Error(`iamkit bug: refusing to write key "${key}" (keys are lower-case)`)
  if (/[\r\n]/.test(value) || value !== value.trim() || INLINE_COMMENT.test(value)) {
    // The AWS CLI and the JS SDK would read such a value differently; never write one.
    throw new Error(`iamkit bug: refusing to write a value for "${key}" that parsers would read differently`)
  }
}
