import { UsageError } from '../errors.js'
import type { IamReference } from '../iam-reference/iam-reference.js'
import { POLICY_VERSION, type PolicyDocument } from './document/model.js'
import { parsePolicyDocument } from './document/parse-policy.js'
import { toIamJson } from './document/render-policy.js'
import { checkPolicySize, type PolicyLimit, type PolicySize } from './policy-limits.js'
import { policyIssues } from './validation/policy-issues.js'

/** An identity policy is attached to a user or role; a trust policy says who may assume a role. */
export type PolicyKind = 'identity' | 'trust'

export interface ValidatedPolicy {
  /** The document in IAM's JSON shape, ready to print. */
  json: object
  size: PolicySize
}

/**
 * Everything iamkit checks before it prints or writes a policy: IAM's grammar (by reading
 * the rendered JSON back through the parser), the element rules of the policy's kind, that
 * every action exists and every condition key and operator is IAM's (AWS's service
 * authorization data, `policyIssues`), and IAM's size quota. Warnings do not stop it.
 */
export function validatePolicy(
  document: PolicyDocument,
  options: { kind: PolicyKind; limit: PolicyLimit; tooLargeAdvice: string; reference: IamReference },
): ValidatedPolicy {
  const json = toIamJson(document)
  const reread = parsePolicyDocument(json)
  if (reread.version !== POLICY_VERSION) invalid(`Version must be ${POLICY_VERSION}`)
  if (reread.statements.length === 0) invalid('it has no statement')
  const sids = new Set<string>()
  reread.statements.forEach((s, i) => {
    const at = `statement ${i + 1}${s.sid ? ` (${s.sid})` : ''}`
    if (s.sid !== undefined) {
      if (!/^[A-Za-z0-9]+$/.test(s.sid)) invalid(`${at}: a Sid may only hold letters and digits`)
      if (sids.has(s.sid)) invalid(`${at}: Sid ${s.sid} is used twice`)
      sids.add(s.sid)
    }
    const actions = s.actions ?? s.notActions ?? []
    if (actions.length === 0) invalid(`${at}: names no action`)
    if (options.kind === 'identity') {
      if (s.principal || s.notPrincipal) invalid(`${at}: an identity policy cannot name a Principal`)
      if (!(s.resources ?? s.notResources)?.length) invalid(`${at}: an identity policy statement needs a Resource`)
    } else {
      if (!s.principal) invalid(`${at}: a trust policy statement needs a Principal`)
      if (s.resources || s.notResources) invalid(`${at}: a trust policy cannot name a Resource`)
    }
  })
  const errors = policyIssues(reread, options.reference).filter((issue) => issue.level === 'error')
  if (errors.length > 0) {
    const first = errors[0]!
    invalid(`statement ${first.statement + 1}${first.sid ? ` (${first.sid})` : ''}: ${first.message}`)
  }
  return { json, size: checkPolicySize(json, options.limit, options.tooLargeAdvice) }
}

// A generator bug, not the user's input, but still reported as the document IAM would refuse.
function invalid(problem: string): never {
  throw new UsageError('INVALID_POLICY', `the generated policy would be refused by IAM: ${problem}`)
}
