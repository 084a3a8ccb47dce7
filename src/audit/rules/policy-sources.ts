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
  // Where a document lives is spelt out only for those that did not parse (almost none).
  const unreadable: string[] = []
  const check = (text: string | undefined, where: () => string) => {
    const error = text ? parseOnce(text).error : undefined
    if (error) unreadable.push(`${where()}: ${error}`)
  }
  for (const r of authorization.roles) check(r.trustPolicy, () => `role ${r.name} trust policy`)
  for (const e of [authorization.users, authorization.groups, authorization.roles]) {
    for (const entity of e) for (const p of entity.inlinePolicies) check(p.document, () => `${entity.arn} inline policy ${p.name}`)
  }
  for (const p of authorization.policies) check(p.document, () => p.arn)
  return unreadable
}
