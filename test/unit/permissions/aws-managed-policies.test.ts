import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'
import { escalationMethodsOf } from '../../../src/permissions/escalation.js'
import { PrincipalPermissions } from '../../../src/permissions/principal-permissions.js'
import type { PolicyDocument } from '../../../src/policy/document/model.js'
import { parsePolicyDocument } from '../../../src/policy/document/parse-policy.js'
import { policyIssues } from '../../../src/policy/validation/policy-issues.js'
import { awsManagedPolicies } from '../../support/aws-managed-policies.js'

const reference = await loadIamReference()
const corpus = awsManagedPolicies()
const documents = new Map<string, PolicyDocument>()

/**
 * AWS's own managed policies are the reference for what is valid: iamkit must read every one,
 * call none of them invalid, and judge the well-known ones as an attacker would.
 */
describe.skipIf(typeof corpus === 'string')(`AWS-managed policies as a corpus${typeof corpus === 'string' ? ` (skipped: ${corpus})` : ''}`, () => {
  const policies = typeof corpus === 'string' ? [] : corpus

  it('holds over a thousand documents, and every one parses', () => {
    expect(policies.length).toBeGreaterThan(1000)
    const unparsed: string[] = []
    for (const p of policies) {
      try {
        documents.set(p.name, parsePolicyDocument(p.document))
      } catch (err) {
        unparsed.push(`${p.name}: ${(err as Error).message}`)
      }
    }
    expect(unparsed).toEqual([])
  })

  it('none has an invalid action, condition key or operator', () => {
    const invalid = [...documents].flatMap(([name, document]) =>
      policyIssues(document, reference)
        .filter((i) => i.level === 'error')
        .map((i) => `${name} statement ${i.statement + 1}: ${i.type} ${i.subject}`),
    )
    expect(invalid).toEqual([])
  })

  const judged = (name: string) => {
    const document = documents.get(name)
    if (!document) throw new Error(`${name} is not in the corpus`)
    const permissions = new PrincipalPermissions([{ policy: name, document }], reference)
    return { admin: permissions.fullAccess().level, escalation: escalationMethodsOf(permissions).filter((m) => m.level === 'allowed').map((m) => m.method.id) }
  }

  it.each([
    ['AdministratorAccess', 'allowed', true],
    ['IAMFullAccess', 'none', true],
    ['PowerUserAccess', 'none', true],
    ['ReadOnlyAccess', 'none', false],
    ['SecurityAudit', 'none', false],
    ['ViewOnlyAccess', 'none', false],
    ['AmazonS3ReadOnlyAccess', 'none', false],
  ])('%s: administrator %s, privilege escalation %s', (name, admin, escalation) => {
    const verdict = judged(name)
    expect(verdict.admin).toBe(admin)
    if (escalation) expect(verdict.escalation.length).toBeGreaterThan(0)
    else expect(verdict.escalation).toEqual([])
  })
})
