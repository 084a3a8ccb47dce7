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

const parsed = new Map<string, { document?: PolicyDocument; error?: string }>()

function parseOnce(text: string): { document?: PolicyDocument; error?: string } {
  let outcome = parsed.get(text)
  if (!outcome) {
    try {
      outcome = { document: parsePolicyDocument(text) }
    } catch (err) {
      outcome = { error: (err as Error).message }
    }
    parsed.set(text, outcome)
  }
  return outcome
}

/** The document as a model, parsed once per distinct text; undefined if it does not parse. */
export function documentOf(text: string | undefined): PolicyDocument | undefined {
  return text ? parseOnce(text).document : undefined
}

/**
 * The documents the rules could not read, as `where: why`, so the report can say that the
 * policy rules saw them as empty rather than stay silent about it.
 */
export function unreadableDocuments(authorization: AuthorizationDetails): string[] {
  const documents: [string, string | undefined][] = [
    ...authorization.roles.map((r): [string, string] => [`role ${r.name} trust policy`, r.trustPolicy]),
    ...[...authorization.users, ...authorization.groups, ...authorization.roles].flatMap((e) => e.inlinePolicies.map((p): [string, string] => [`${e.arn} inline policy ${p.name}`, p.document])),
    ...authorization.policies.map((p): [string, string | undefined] => [p.arn, p.document]),
  ]
  return documents.flatMap(([where, text]) => {
    const error = text ? parseOnce(text).error : undefined
    return error ? [`${where}: ${error}`] : []
  })
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
