import type { PolicyDocument } from '../../policy/document/model.js'
import { parsePolicyDocument } from '../../policy/document/parse-policy.js'
import type { AuthorizationDetails } from '../account-data.js'

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
