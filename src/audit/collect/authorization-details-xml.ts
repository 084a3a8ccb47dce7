import type { GetAccountAuthorizationDetailsResponse } from '@aws-sdk/client-iam'
// The parser the SDK's own deserializer uses for these timestamps (it rounds to the millisecond).
import { _parseRfc3339DateTimeWithOffset as parseTimestamp } from '@smithy/core/serde'

/**
 * GetAccountAuthorizationDetails' four entity lists, read straight from the answer's bytes.
 *
 * One answer can hold tens of thousands of entities in tens of megabytes (an emulator sends
 * the whole account in one page; IAM up to 1,000 entities with their documents). The SDK's
 * XML reader turns such a page into a string, a tree and then the typed output, several times
 * the page's size at once. This reader walks the bytes once and builds each entity's typed
 * object as its element closes; the SDK still reads everything else (IsTruncated, Marker, the
 * request id, and every error answer), from the same bytes with the lists' contents cut out.
 *
 * The objects carry the fields the audit reads, typed as the SDK types them (dates as Date,
 * counts as numbers, flags as booleans, lists as arrays). Malformed XML is an error, never a
 * shorter list.
 */

/** The lists, as elements of `<GetAccountAuthorizationDetailsResult>`, and where they go in the output. */
const LISTS = {
  UserDetailList: 'UserDetailList',
  GroupDetailList: 'GroupDetailList',
  RoleDetailList: 'RoleDetailList',
  Policies: 'Policies',
} as const
type ListName = keyof typeof LISTS

export type EntityLists = Required<Pick<GetAccountAuthorizationDetailsResponse, ListName>>

export interface SplitAnswer {
  lists: EntityLists
  /** The answer with the four lists emptied, for the SDK to read. */
  rest: Uint8Array
}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f

type XmlValue = string | { [child: string]: XmlValue | XmlValue[] }

/** Splits a successful answer's bytes into the entity lists and the rest. */
export function splitAuthorizationDetails(bytes: Uint8Array): SplitAnswer {
  const reader = new ByteXmlReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const lists: EntityLists = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] }
  const cut: [number, number][] = []
  reader.readDocument((path, name, start) => {
    // Only the lists of the Result element, not anything that happens to share a name deeper down.
    if (path.length !== 2 || path[1] !== 'GetAccountAuthorizationDetailsResult' || !(name in LISTS)) return undefined
    const list = name as ListName
    return {
      member: (value) => (lists[list] as unknown[]).push(toEntity(list, value)),
      end: (contentEnd) => cut.push([start, contentEnd]),
    }
  })
  return { lists, rest: without(bytes, cut) }
}

function without(bytes: Uint8Array, cut: [number, number][]): Uint8Array {
  if (cut.length === 0) return bytes
  const parts: Uint8Array[] = []
  let at = 0
  for (const [start, end] of cut.sort((a, b) => a[0] - b[0])) {
    parts.push(bytes.subarray(at, start))
    at = end
  }
  parts.push(bytes.subarray(at))
  return Buffer.concat(parts)
}

interface ListHandler {
  /** A `<member>` of the list, read whole. */
  member(value: XmlValue): void
  /** Where the list's content ends (the offset of its closing tag). */
  end(contentEnd: number): void
}

/**
 * A strict reader of the XML AWS's Query protocol answers with: elements, text, the five
 * entities and numeric references, CDATA, comments and declarations; values shaped as the
 * SDK's reader shapes them (a leaf is its text, repeated children become an array).
 */
class ByteXmlReader {
  private i = 0

  constructor(private readonly b: Buffer) {}

  readDocument(onList: (path: string[], name: string, contentStart: number) => ListHandler | undefined): void {
    this.skipProlog()
    if (this.b[this.i] !== LT) this.fail('no root element')
    this.element([], onList)
  }

  private skipProlog(): void {
    for (;;) {
      this.skipSpace()
      if (this.startsWith('<?')) this.skipPast('?>')
      else if (this.startsWith('<!--')) this.skipPast('-->')
      else if (this.startsWith('<!DOCTYPE')) this.skipPast('>')
      else return
    }
  }

  /** Reads the element at `<`; with a handler for it, its `member` children go there instead of into the value. */
  private element(path: string[], onList?: (path: string[], name: string, contentStart: number) => ListHandler | undefined): XmlValue {
    const { name, selfClosing } = this.openTag()
    const handler = onList?.(path, name, this.i)
    if (selfClosing) {
      handler?.end(this.i)
      return ''
    }
    // The path matters only down to the lists; inside them nobody asks.
    const inner = onList ? [...path, name] : path
    let text = ''
    let children: { [child: string]: XmlValue | XmlValue[] } | undefined
    for (;;) {
      const lt = this.b.indexOf(LT, this.i)
      if (lt < 0) this.fail(`missing closing tag </${name}>`)
      // Text beside child elements (indentation) is not part of the value.
      if (lt > this.i && !children) text += decodeText(this.b.toString('utf8', this.i, lt))
      this.i = lt
      if (this.b[lt + 1] === SLASH) break
      if (this.startsWith('<!--')) {
        this.skipPast('-->')
      } else if (this.startsWith('<![CDATA[')) {
        const end = this.b.indexOf(']]>', lt + 9)
        if (end < 0) this.fail('unclosed CDATA')
        if (!children) text += this.b.toString('utf8', lt + 9, end)
        this.i = end + 3
      } else if (this.startsWith('<?')) {
        this.skipPast('?>')
      } else {
        const childStart = this.i
        const childName = this.peekName()
        const value = this.element(inner, handler ? undefined : onList)
        if (handler && childName === 'member') {
          handler.member(value)
          continue
        }
        if (handler) this.fail(`<${childName}> at ${childStart} inside <${name}>, where only <member> belongs`)
        children ??= {}
        const seen = children[childName]
        if (seen === undefined) children[childName] = value
        else if (Array.isArray(seen)) seen.push(value)
        else children[childName] = [seen, value]
      }
    }
    handler?.end(this.i)
    this.closeTag(name)
    if (children) return children
    return text.trim() === '' && text.includes('\n') ? '' : text
  }

  private openTag(): { name: string; selfClosing: boolean } {
    const end = this.b.indexOf(GT, this.i)
    if (end < 0) this.fail('unclosed tag')
    const selfClosing = this.b[end - 1] === SLASH
    const tag = this.b.toString('utf8', this.i + 1, selfClosing ? end - 1 : end)
    const name = /^[A-Za-z_][\w.:-]*/.exec(tag)?.[0]
    if (!name) this.fail(`malformed tag <${tag.slice(0, 40)}>`)
    this.i = end + 1
    return { name, selfClosing }
  }

  private peekName(): string {
    let j = this.i + 1
    while (j < this.b.length && !isNameEnd(this.b[j]!)) j++
    return this.b.toString('utf8', this.i + 1, j)
  }

  private closeTag(name: string): void {
    const end = this.b.indexOf(GT, this.i)
    if (end < 0) this.fail(`missing closing tag </${name}>`)
    const closing = this.b.toString('utf8', this.i + 2, end).trim()
    if (closing !== name) this.fail(`mismatched tags <${name}> and </${closing}>`)
    this.i = end + 1
  }

  private startsWith(text: string): boolean {
    for (let k = 0; k < text.length; k++) if (this.b[this.i + k] !== text.charCodeAt(k)) return false
    return true
  }

  private skipPast(text: string): void {
    const at = this.b.indexOf(text, this.i)
    if (at < 0) this.fail(`expected "${text}"`)
    this.i = at + text.length
  }

  private skipSpace(): void {
    while (this.i < this.b.length && (this.b[this.i] === 0x20 || this.b[this.i] === 0x09 || this.b[this.i] === 0x0a || this.b[this.i] === 0x0d)) this.i++
  }

  private fail(why: string): never {
    throw new Error(`iam:GetAccountAuthorizationDetails answered with XML iamkit cannot read: ${why} (at byte ${this.i})`)
  }
}

function isNameEnd(c: number): boolean {
  return c === GT || c === SLASH || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeText(text: string): string {
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  if (!normalised.includes('&')) return normalised
  return normalised.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g, (_, hex: string, dec: string, named: string) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    return ENTITIES[named] ?? ''
  })
}

// ——— From XML values to the SDK's types, for the fields the audit reads ———

type Struct = { [child: string]: XmlValue | XmlValue[] }

function struct(value: XmlValue | XmlValue[] | undefined, what: string): Struct {
  if (value === undefined || value === '') return {}
  if (typeof value === 'string' || Array.isArray(value)) throw new Error(`iam:GetAccountAuthorizationDetails: ${what} is not a structure`)
  return value
}

function text(value: XmlValue | XmlValue[] | undefined, what: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new Error(`iam:GetAccountAuthorizationDetails: ${what} is not text`)
  return value
}

function members(value: XmlValue | XmlValue[] | undefined, what: string): XmlValue[] {
  if (value === undefined || value === '') return []
  const member = struct(value, what).member
  if (member === undefined) throw new Error(`iam:GetAccountAuthorizationDetails: ${what} is not a list`)
  return Array.isArray(member) ? member : [member]
}

function date(value: XmlValue | XmlValue[] | undefined, what: string): Date | undefined {
  const t = text(value, what)
  return t === undefined || t === '' ? undefined : parseTimestamp(t)
}

function count(value: XmlValue | XmlValue[] | undefined, what: string): number | undefined {
  const t = text(value, what)
  if (t === undefined) return undefined
  if (!/^-?\d+$/.test(t.trim())) throw new Error(`iam:GetAccountAuthorizationDetails: ${what} is not a number`)
  return Number(t)
}

function flag(value: XmlValue | XmlValue[] | undefined, what: string): boolean | undefined {
  const t = text(value, what)
  if (t === undefined) return undefined
  if (t !== 'true' && t !== 'false') throw new Error(`iam:GetAccountAuthorizationDetails: ${what} is not true or false`)
  return t === 'true'
}

const inlinePolicies = (value: XmlValue | XmlValue[] | undefined, what: string) =>
  members(value, what).map((m) => {
    const p = struct(m, what)
    return { PolicyName: text(p.PolicyName, 'PolicyName'), PolicyDocument: text(p.PolicyDocument, 'PolicyDocument') }
  })

const attachedPolicies = (value: XmlValue | XmlValue[] | undefined) =>
  members(value, 'AttachedManagedPolicies').map((m) => {
    const p = struct(m, 'AttachedManagedPolicies')
    return { PolicyName: text(p.PolicyName, 'PolicyName'), PolicyArn: text(p.PolicyArn, 'PolicyArn') }
  })

function boundary(value: XmlValue | XmlValue[] | undefined) {
  if (value === undefined) return undefined
  const b = struct(value, 'PermissionsBoundary')
  return { PermissionsBoundaryType: text(b.PermissionsBoundaryType, 'PermissionsBoundaryType') as 'Policy' | undefined, PermissionsBoundaryArn: text(b.PermissionsBoundaryArn, 'PermissionsBoundaryArn') }
}

function toEntity(list: ListName, value: XmlValue): unknown {
  const e = struct(value, list)
  const common = { Path: text(e.Path, 'Path'), Arn: text(e.Arn, 'Arn'), CreateDate: date(e.CreateDate, 'CreateDate') }
  switch (list) {
    case 'UserDetailList':
      return {
        ...common,
        UserName: text(e.UserName, 'UserName'),
        UserId: text(e.UserId, 'UserId'),
        UserPolicyList: inlinePolicies(e.UserPolicyList, 'UserPolicyList'),
        GroupList: members(e.GroupList, 'GroupList').map((g) => text(g, 'GroupList member')!),
        AttachedManagedPolicies: attachedPolicies(e.AttachedManagedPolicies),
        PermissionsBoundary: boundary(e.PermissionsBoundary),
      }
    case 'GroupDetailList':
      return {
        ...common,
        GroupName: text(e.GroupName, 'GroupName'),
        GroupId: text(e.GroupId, 'GroupId'),
        GroupPolicyList: inlinePolicies(e.GroupPolicyList, 'GroupPolicyList'),
        AttachedManagedPolicies: attachedPolicies(e.AttachedManagedPolicies),
      }
    case 'RoleDetailList': {
      const lastUsed = e.RoleLastUsed === undefined ? undefined : struct(e.RoleLastUsed, 'RoleLastUsed')
      return {
        ...common,
        RoleName: text(e.RoleName, 'RoleName'),
        RoleId: text(e.RoleId, 'RoleId'),
        AssumeRolePolicyDocument: text(e.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument'),
        RolePolicyList: inlinePolicies(e.RolePolicyList, 'RolePolicyList'),
        AttachedManagedPolicies: attachedPolicies(e.AttachedManagedPolicies),
        PermissionsBoundary: boundary(e.PermissionsBoundary),
        RoleLastUsed: lastUsed && { LastUsedDate: date(lastUsed.LastUsedDate, 'LastUsedDate'), Region: text(lastUsed.Region, 'Region') },
      }
    }
    case 'Policies':
      return {
        ...common,
        PolicyName: text(e.PolicyName, 'PolicyName'),
        PolicyId: text(e.PolicyId, 'PolicyId'),
        DefaultVersionId: text(e.DefaultVersionId, 'DefaultVersionId'),
        AttachmentCount: count(e.AttachmentCount, 'AttachmentCount'),
        IsAttachable: flag(e.IsAttachable, 'IsAttachable'),
        UpdateDate: date(e.UpdateDate, 'UpdateDate'),
        PolicyVersionList: members(e.PolicyVersionList, 'PolicyVersionList').map((m) => {
          const v = struct(m, 'PolicyVersionList')
          return { Document: text(v.Document, 'Document'), VersionId: text(v.VersionId, 'VersionId'), IsDefaultVersion: flag(v.IsDefaultVersion, 'IsDefaultVersion'), CreateDate: date(v.CreateDate, 'CreateDate') }
        }),
      }
  }
}
