import { describe, expect, it } from 'vitest'

import { documentOf, unreadableDocuments } from '../../../../src/audit/rules/policy-sources.js'
import { authorization, policy, role } from './fixtures.js'

describe('policy sources', () => {
  it('reads URL-encoded documents, and lists the ones it cannot parse instead of hiding them', () => {
    expect(documentOf(encodeURIComponent(policy({ Effect: 'Allow', Action: '*', Resource: '*' })))?.statements).toHaveLength(1)
    const data = authorization({ roles: [role('odd', { trustPolicy: '{"Statement": [{"Effect": "Maybe"}]}' })] })
    expect(unreadableDocuments(data)).toEqual([expect.stringMatching(/^role odd trust policy: policy document: \$\.Statement\[0\]/)])
  })
})
