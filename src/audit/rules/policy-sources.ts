import { AsyncLocalStorage } from 'node:async_hooks'

import type { PolicyDocument } from '../../policy/document/model.js'
import { parsePolicyDocument } from '../../policy/document/parse-policy.js'
import type { AuthorizationDetails } from '../account-data.js'

type Parsed = Map<string, { document?: PolicyDocument; error?: string }>

const accountScope = new AsyncLocalStorage<Parsed>()
// Outside an account's audit (policy check, one rule in a test), once per process.
const processWide: Parsed = new Map()

/**
 * Runs `work` (one account's rules) with its own parsed documents, dropped when it is done:
 * an organization audit must not keep every account's policies until the end of the run.
 */
export function withAccountDocuments<T>(work: () => T): T {
  return accountScope.run(new Map(), work)
}

function parseOnce(text: string): { document?: PolicyDocument; error?: string } {
  const parsed = accountScope.getStore() ?? processWide
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
