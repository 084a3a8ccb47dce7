import type { GetAccountAuthorizationDetailsResponse } from '@aws-sdk/client-iam'
// The parser the SDK's own deserializer uses for these timestamps (it rounds to the millisecond).
import { _parseRfc3339DateTimeWithOffset as parseTimestamp } from '@smithy/core/serde'

import type { BodySink } from '../../aws/body-sink.js'
import { QueryAnswerReader, type XmlValue } from '../../aws/query-answer-reader.js'

/**
 * GetAccountAuthorizationDetails' four entity lists, read from the answer's bytes as they arrive.
 *
 * One answer can hold tens of thousands of entities in tens of megabytes (an emulator sends
 * the whole account in one page; IAM up to 1,000 entities with their documents). The SDK's
 * XML reader turns such a page into a string, a tree and then the typed output, several times
 * the page's size at once. This reader takes the body chunk by chunk (a BodySink), so the body
 * is never whole in memory, and hands each entity over as its element closes, typed as the SDK
 * types it; the SDK still reads everything else (IsTruncated, Marker, the request id, and every
 * error answer), from the same bytes with the lists' contents cut out.
 *
 * The objects carry the fields the audit reads, typed as the SDK types them (dates as Date,
 * counts as numbers, flags as booleans, lists as arrays). Malformed XML, or a body that ends
 * before its root element does, is an error, never a shorter list (src/aws/query-answer-reader.ts).
 */

/** The lists, as elements of `<GetAccountAuthorizationDetailsResult>` and fields of the SDK's output. */
export type ListName = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'

export type EntityLists = Required<Pick<GetAccountAuthorizationDetailsResponse, ListName>>
export type Entity<L extends ListName> = EntityLists[L][number]

export interface SplitAnswer {
  lists: EntityLists
  /** The answer with the four lists emptied, for the SDK to read. */
  rest: Uint8Array
}

/** Reads a whole successful answer at once (the streaming reader, fed in one piece). */
export function splitAuthorizationDetails(bytes: Uint8Array): SplitAnswer {
  const lists: EntityLists = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] }
  const reader = new AuthorizationDetailsReader((list, entity) => (lists[list] as unknown[]).push(entity))
  reader.write(bytes)
  return { lists, rest: reader.end() }
}

/** Hands each entity over as its element closes (the SDK's type for it); `end()` gives the rest of the answer. */
export class AuthorizationDetailsReader implements BodySink {
  private readonly reader: QueryAnswerReader

  constructor(onEntity: <L extends ListName>(list: L, entity: Entity<L>) => void) {
    const take = (list: ListName) => (member: XmlValue) => onEntity(list, toEntity(list, member) as Entity<typeof list>)
    this.reader = new QueryAnswerReader({
      call: 'iam:GetAccountAuthorizationDetails',
      result: 'GetAccountAuthorizationDetailsResult',
      lists: { UserDetailList: take('UserDetailList'), GroupDetailList: take('GroupDetailList'), RoleDetailList: take('RoleDetailList'), Policies: take('Policies') },
    })
  }

  write(chunk: Uint8Array): void {
    this.reader.write(chunk)
  }

  end(): Uint8Array {
    return this.reader.end()
  }
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
