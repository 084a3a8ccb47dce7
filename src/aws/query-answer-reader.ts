import type { BodySink } from './body-sink.js'

/**
 * A strict streaming reader of the XML AWS's Query protocol answers with, for answers too large
 * to be held whole (or to be read by the SDK's parser, which builds text one character at a
 * time): elements, text, the five entities and numeric references, CDATA, comments and
 * declarations; values shaped as the SDK's reader shapes them (a leaf is its text, repeated
 * children become an array). A token cut by the end of a chunk waits for the next one.
 *
 * Chosen children of the Result element are cut out of the answer and handed over: each
 * `<member>` of a list as its element closes, the text of a leaf when it ends. The rest of the
 * answer (IsTruncated, Marker, the request id, the cut elements left empty) is what `end()`
 * returns, for the SDK to read. Malformed XML, or a body that ends before its root element
 * does, is an error, never a shorter answer.
 */

export type XmlValue = string | { [child: string]: XmlValue | XmlValue[] }

export interface QueryAnswerParts {
  /** The call, for error messages (`iam:GetAccountAuthorizationDetails`). */
  call: string
  /** The Result element (`GetAccountAuthorizationDetailsResult`). */
  result: string
  /** Lists of the Result element, with what takes each of their members. */
  lists?: Record<string, (member: XmlValue) => void>
  /** Leaves of the Result element, with what takes their text. */
  leaves?: Record<string, (text: string) => void>
}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const BANG = 0x21
const QUESTION = 0x3f

/** An element being read: the envelope (kept for the SDK), a list or leaf cut out, or a value inside a list. */
interface Frame {
  name: string
  kind: 'envelope' | 'list' | 'leaf' | 'value'
  text: string
  children?: { [child: string]: XmlValue | XmlValue[] }
}

/**
 * A strict streaming reader of the XML AWS's Query protocol answers with: elements, text, the
 * five entities and numeric references, CDATA, comments and declarations; values shaped as the
 * SDK's reader shapes them (a leaf is its text, repeated children become an array). A token cut
 * by the end of a chunk waits for the next one.
 */
export class QueryAnswerReader implements BodySink {
  /** The unread end of the previous chunks: a token they cut (a long text may span many chunks). */
  private pending: Buffer[] = []
  private pendingLength = 0
  /** How far into `pending` the text is known to hold no `<`. */
  private textScanned = 0
  /** Bytes before `pending`, for error messages. */
  private offset = 0
  private readonly stack: Frame[] = []
  private rootSeen = false
  private readonly rest: Buffer[] = []
  private readonly names = new NameCache()

  constructor(private readonly parts: QueryAnswerParts) {}

  write(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (this.pendingLength > 0 && this.textScanned === this.pendingLength && bytes.indexOf(LT) < 0) {
      // A text that goes on: kept in pieces until its end arrives (joining at every chunk would copy it again and again).
      this.pending.push(bytes)
      this.pendingLength += bytes.length
      this.textScanned = this.pendingLength
      return
    }
    const b = this.pendingLength > 0 ? Buffer.concat([...this.pending, bytes]) : bytes
    const read = this.read(b, this.pendingLength > 0 ? this.textScanned : 0)
    this.offset += read
    // Copied: a small tail must not keep the whole chunk alive.
    this.pending = read < b.length ? [Buffer.from(b.subarray(read))] : []
    this.pendingLength = b.length - read
  }

  end(): Uint8Array {
    const carry = Buffer.concat(this.pending)
    if (carry.length > 0 && !isSpace(carry, 0, carry.length)) this.fail(this.stack.length ? `missing closing tag </${this.stack.at(-1)!.name}>` : 'unfinished markup', 0)
    if (this.stack.length) this.fail(`missing closing tag </${this.stack.at(-1)!.name}>`, 0)
    if (!this.rootSeen) this.fail('no root element', 0)
    return this.rest.length === 1 ? this.rest[0]! : Buffer.concat(this.rest)
  }

  /** Reads every whole token of `b`; returns where the first unfinished one starts. */
  private read(b: Buffer, scanned: number): number {
    let i = 0
    // Where the bytes kept for the SDK start in `b` (none while inside a list).
    let keepFrom = this.cutting ? -1 : 0
    const keepUpTo = (end: number) => {
      if (keepFrom >= 0 && end > keepFrom) this.rest.push(Buffer.from(b.subarray(keepFrom, end)))
    }
    for (;;) {
      const lt = b.indexOf(LT, Math.max(i, scanned))
      if (lt < 0) {
        // Text that may go on in the next chunk.
        this.textScanned = b.length - i
        keepUpTo(i)
        return i
      }
      if (lt > i) this.text(b, i, lt)
      i = lt
      const next = b[lt + 1]
      let end: number
      if (next === undefined) end = -1
      else if (next === BANG) end = this.markup(b, lt)
      else if (next === QUESTION) end = skipPast(b, lt + 2, '?>')
      else if (next === SLASH) {
        end = b.indexOf(GT, lt + 2)
        if (end >= 0) {
          const frame = this.close(b, lt, end)
          if (isCut(frame)) keepFrom = lt
          end += 1
        }
      } else {
        end = b.indexOf(GT, lt + 1)
        if (end >= 0) {
          const selfClosing = b[end - 1] === SLASH
          const frame = this.open(b, lt, selfClosing ? end - 1 : end)
          end += 1
          if (isCut(frame) && !selfClosing) {
            keepUpTo(end)
            keepFrom = -1
          }
          if (selfClosing) this.close(b, lt, -1)
        }
      }
      if (end < 0) {
        this.textScanned = 0
        keepUpTo(i)
        return i
      }
      i = end
      scanned = 0
    }
  }

  private get cutting(): boolean {
    return this.stack.some(isCut)
  }

  /** `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE…>` at `lt`; returns its end, or -1 when it is not all here. */
  private markup(b: Buffer, lt: number): number {
    if (startsWith(b, lt, '<!--')) return skipPast(b, lt + 4, '-->')
    if (startsWith(b, lt, '<![CDATA[')) {
      const end = b.indexOf(']]>', lt + 9)
      if (end < 0) return -1
      const top = this.stack.at(-1)
      if ((top?.kind === 'value' || top?.kind === 'leaf') && !top.children) top.text += b.toString('utf8', lt + 9, end)
      return end + 3
    }
    if (startsWith(b, lt, '<!DOCTYPE') && !this.rootSeen) return skipPast(b, lt + 9, '>')
    // Too short to tell which it is yet.
    if (b.length < lt + 9) return -1
    this.fail(`unexpected markup <${b.toString('utf8', lt + 1, lt + 12)}`, lt)
  }

  private text(b: Buffer, from: number, to: number): void {
    const top = this.stack.at(-1)
    // Text beside child elements (indentation) is not part of the value; the envelope's goes to the SDK.
    if (top?.kind === 'value' || top?.kind === 'leaf') {
      if (!top.children) top.text += decodeText(b.toString('utf8', from, to))
    } else if (!isSpace(b, from, to)) {
      if (!top) this.fail('text outside the root element', from)
      if (top.kind === 'list') this.fail(`text inside <${top.name}>, where only <member> belongs`, from)
    }
  }

  private open(b: Buffer, lt: number, tagEnd: number): Frame {
    const nameEnd = nameEndOf(b, lt + 1, tagEnd)
    if (nameEnd === lt + 1) this.fail(`malformed tag <${b.toString('utf8', lt + 1, Math.min(tagEnd, lt + 41))}>`, lt)
    const name = this.names.get(b, lt + 1, nameEnd)
    const top = this.stack.at(-1)
    let kind: Frame['kind'] = 'envelope'
    if (!top) {
      if (this.rootSeen) this.fail(`a second root element <${name}>`, lt)
      this.rootSeen = true
    } else if (top.kind === 'list') {
      if (name !== 'member') this.fail(`<${name}> inside <${top.name}>, where only <member> belongs`, lt)
      kind = 'value'
    } else if (top.kind === 'value') {
      kind = 'value'
    } else if (top.kind === 'leaf') {
      this.fail(`<${name}> inside <${top.name}>, which holds text`, lt)
    } else if (this.stack.length === 2 && top.name === this.parts.result) {
      // Only children of the Result element, not anything that happens to share a name deeper down.
      if (this.parts.lists && Object.hasOwn(this.parts.lists, name)) kind = 'list'
      else if (this.parts.leaves && Object.hasOwn(this.parts.leaves, name)) kind = 'leaf'
    }
    const frame: Frame = { name, kind, text: '' }
    this.stack.push(frame)
    return frame
  }

  /** Closes the top element at `</name>` (`gt` its `>`), or a self-closing one (`gt` -1). */
  private close(b: Buffer, lt: number, gt: number): Frame {
    const frame = this.stack.pop()
    if (!frame) this.fail('a closing tag outside the root element', lt)
    if (gt >= 0 && !closes(b, lt + 2, gt, frame.name)) this.fail(`mismatched tags <${frame.name}> and </${b.toString('utf8', lt + 2, gt).trim()}>`, lt)
    if (frame.kind === 'leaf') this.parts.leaves![frame.name]!(leafText(frame.text))
    if (frame.kind !== 'value') return frame
    const value: XmlValue = frame.children ?? leafText(frame.text)
    const parent = this.stack.at(-1)!
    if (parent.kind === 'list') {
      this.parts.lists![parent.name]!(value)
    } else {
      const children = (parent.children ??= {})
      const seen = children[frame.name]
      if (seen === undefined) children[frame.name] = value
      else if (Array.isArray(seen)) seen.push(value)
      else children[frame.name] = [seen, value]
    }
    return frame
  }

  private fail(why: string, at: number): never {
    throw new Error(`${this.parts.call} answered with XML iamkit cannot read: ${why} (at byte ${this.offset + at})`)
  }
}

function isCut(frame: Frame): boolean {
  return frame.kind === 'list' || frame.kind === 'leaf'
}

/** A leaf's value as the SDK reads it: whitespace with a line break in it is empty. */
function leafText(text: string): string {
  return text.trim() === '' && text.includes('\n') ? '' : text
}

/** Tag names, read from the bytes once each: the same few dozen names repeat in every entity. */
class NameCache {
  private readonly byKey = new Map<number, string>()

  get(b: Buffer, from: number, to: number): string {
    let key = to - from
    for (let k = from; k < to; k++) key = (key * 31 + b[k]!) | 0
    const known = this.byKey.get(key)
    if (known !== undefined && known.length === to - from && closesAt(b, from, known)) return known
    const name = b.toString('latin1', from, to)
    if (known === undefined) this.byKey.set(key, name)
    return name
  }
}

/** Where the tag name starting at `from` ends; `from` when there is none. Names are ASCII: [A-Za-z_][\w.:-]*. */
function nameEndOf(b: Buffer, from: number, tagEnd: number): number {
  const first = b[from]!
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || first === 0x5f)) return from
  let k = from + 1
  for (; k < tagEnd; k++) {
    const c = b[k]!
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x3a || c === 0x2d) continue
    break
  }
  // A name must end at the tag's end or before whitespace (attributes follow).
  if (k < tagEnd && !isSpaceByte(b[k]!)) return from
  return k
}

/** Whether the bytes of a closing tag between `from` and `gt` name `name` (space allowed after it). */
function closes(b: Buffer, from: number, gt: number, name: string): boolean {
  if (gt - from < name.length || !closesAt(b, from, name)) return false
  return isSpace(b, from + name.length, gt)
}

function closesAt(b: Buffer, from: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (b[from + k] !== name.charCodeAt(k)) return false
  return true
}

function startsWith(b: Buffer, at: number, text: string): boolean {
  return b.length >= at + text.length && closesAt(b, at, text)
}

/** The end of `text` searched from `from`, or -1 when it is not (yet) there. */
function skipPast(b: Buffer, from: number, text: string): number {
  const at = b.indexOf(text, from)
  return at < 0 ? -1 : at + text.length
}

function isSpaceByte(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

function isSpace(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpaceByte(b[k]!)) return false
  return true
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeText(text: string): string {
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  if (!normalised.includes('&')) return normalised
  return normalised.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g, (_, hex: string, dec: string, named: string) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    return ENTITIES[named] ?? ''
  })
}

