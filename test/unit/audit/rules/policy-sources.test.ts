import { describe, expect, it } from 'vitest'

import { documentOf, unreadableDocuments, withAccountDocuments } from '../../../../src/audit/rules/policy-sources.js'
import { authorization, policy, role } from './fixtures.js'

describe('policy sources', () => {
  it('reads URL-encoded documents, and lists the ones it cannot parse instead of hiding them', () => {
    expect(documentOf(encodeURIComponent(policy({ Effect: 'Allow', Action: '*', Resource: '*' })))?.statements).toHaveLength(1)
    const data = authorization({ roles: [role('odd', { trustPolicy: '{"Statement": [{"Effect": "Maybe"}]}' })] })
    expect(unreadableDocuments(data)).toEqual([expect.stringMatching(/^role odd trust policy: policy document: \$\.Statement\[0\]/)])
  })

  it("parses a document once per account's audit, and lets the account's parsed documents go with it", () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })
    const [first, again] = withAccountDocuments(() => [documentOf(text), documentOf(text)])
    expect(again).toBe(first)
    const next = withAccountDocuments(() => documentOf(text))
    expect(next).toEqual(first)
    expect(next).not.toBe(first)
    expect(documentOf(text)).toBe(documentOf(text))
  })
})
