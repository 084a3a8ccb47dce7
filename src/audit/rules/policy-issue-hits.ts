import type { IamReference } from '../../iam-reference/iam-reference.js'
import type { PolicyDocument } from '../../policy/document/model.js'
import { type PolicyIssue, type PolicyIssueType, policyIssues } from '../../policy/validation/policy-issues.js'
import type { AuthorizationDetails } from '../account-data.js'
import { type CustomerDocument, customerDocuments } from './customer-documents.js'
import { documentOf } from './policy-sources.js'
import type { AuditSettings, RuleHit } from './rule.js'

const issuesOf = new WeakMap<PolicyDocument, PolicyIssue[]>()

/** The document's issues, found once per parsed document for all three correctness rules. */
function cachedIssues(document: PolicyDocument, reference: IamReference): PolicyIssue[] {
  let issues = issuesOf.get(document)
  if (!issues) {
    issues = policyIssues(document, reference)
    issuesOf.set(document, issues)
  }
  return issues
}

interface DocumentWithIssues {
  item: CustomerDocument
  issues: readonly PolicyIssue[]
}

const withIssuesOf = new WeakMap<AuthorizationDetails, { reference: IamReference; settings: AuditSettings; found: DocumentWithIssues[] }>()

/**
 * The account's customer-written documents that have any issue, listed once per account and
 * settings for the three correctness rules (most documents have none).
 */
function documentsWithIssues(authorization: AuthorizationDetails, reference: IamReference, settings: AuditSettings): DocumentWithIssues[] {
  const known = withIssuesOf.get(authorization)
  if (known && known.reference === reference && known.settings === settings) return known.found
  const issuesOfText = (text: string | undefined): readonly PolicyIssue[] => {
    const document = documentOf(text)
    return document ? cachedIssues(document, reference) : []
  }
  const found = customerDocuments(authorization, settings, (text) => issuesOfText(text).length > 0).map((item) => ({ item, issues: issuesOfText(item.text) }))
  withIssuesOf.set(authorization, { reference, settings, found })
  return found
}

/** One hit per customer-written document with issues of `type`, naming the statements and subjects. */
export function policyIssueHits(type: PolicyIssueType, authorization: AuthorizationDetails, reference: IamReference, settings: AuditSettings): RuleHit[] {
  return documentsWithIssues(authorization, reference, settings).flatMap(({ item, issues: all }): RuleHit[] => {
    const issues = all.filter((i) => i.type === type)
    if (issues.length === 0) return []
    const at = (i: PolicyIssue) => `statement ${i.statement + 1}${i.sid ? ` (${i.sid})` : ''}`
    return [
      {
        resource: item.resource,
        detail: `${item.what}: ${issues.map((i) => `${at(i)}: ${i.message}`).join('; ')}`,
        ageDays: item.ageDays,
        discriminator: item.what,
        via: [...new Set(issues.map((i) => `${item.what}, ${at(i)}`))],
      },
    ]
  })
}
