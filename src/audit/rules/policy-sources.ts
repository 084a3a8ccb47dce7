import type { PolicyDocument } from '../../policy/document/model.js'
import { parsePolicyDocument } from '../../policy/document/parse-policy.js'
import type { AttachedPolicy, AuthorizationDetails, GroupDetail, InlinePolicy, RoleDetail, UserDetail } from '../account-data.js'

/** One policy that applies to a principal, and how it gets there (for the finding's detail). */
export interface PolicySource {
  /** e.g. `inline policy ops`, `attached policy AdministratorAccess`, `group admins: attached policy X`. */
  via: string
  /** The managed policy's ARN; undefined for inline policies. */
  arn?: string
  /** Undefined when IAM did not send the document or it does not parse. */
  document?: PolicyDocument
}

const parsed = new Map<string, PolicyDocument | null>()

/** The document as a model, parsed once per distinct text; undefined if IAM sent something unreadable. */
export function documentOf(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined
  let document = parsed.get(text)
  if (document === undefined) {
    try {
      document = parsePolicyDocument(text)
    } catch {
      document = null
    }
    parsed.set(text, document)
  }
  return document ?? undefined
}

/** The identity policies of a user (its own and its groups') or a role. */
export function policySourcesOf(principal: UserDetail | RoleDetail, authorization: AuthorizationDetails): PolicySource[] {
  const managed = new Map(authorization.policies.map((p) => [p.arn, p.document]))
  const own = sourcesOf(principal.inlinePolicies, principal.attachedPolicies, managed, '')
  if (!('groups' in principal)) return own
  const groups = new Map(authorization.groups.map((g) => [g.name, g]))
  const viaGroups = principal.groups
    .map((name) => groups.get(name))
    .filter((g): g is GroupDetail => g !== undefined)
    .flatMap((g) => sourcesOf(g.inlinePolicies, g.attachedPolicies, managed, `group ${g.name}: `))
  return [...own, ...viaGroups]
}

function sourcesOf(inline: InlinePolicy[], attached: AttachedPolicy[], managed: Map<string, string | undefined>, prefix: string): PolicySource[] {
  return [
    ...inline.map((p) => ({ via: `${prefix}inline policy ${p.name}`, document: documentOf(p.document) })),
    ...attached.map((p) => ({ via: `${prefix}attached policy ${p.name}`, arn: p.arn, document: documentOf(managed.get(p.arn)) })),
  ]
}
