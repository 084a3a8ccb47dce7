import { describe, expect, it } from 'vitest'

import { documentOf, policySourcesOf, unreadableDocuments } from '../../../../src/audit/rules/policy-sources.js'
import { authorization, group, managedPolicy, policy, role, user } from './fixtures.js'

describe('policy sources', () => {
  it("collects a user's inline, attached and group policies, with managed documents by ARN", () => {
    const custom = managedPolicy('custom', { document: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })
    const data = authorization({
      users: [user('alice', { groups: ['ops', 'gone'], inlinePolicies: [{ name: 'own', document: policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }] })],
      groups: [group('ops', { attachedPolicies: [{ name: 'custom', arn: custom.arn }] })],
      policies: [custom],
    })
    const sources = policySourcesOf(data.users[0]!, data)
    expect(sources.map((s) => [s.via, s.arn, s.document?.statements[0]?.actions])).toEqual([
      ['inline policy own', undefined, ['ec2:*']],
      ['group ops: attached policy custom', custom.arn, ['s3:*']],
    ])
  })

  it('reads URL-encoded documents, and lists the ones it cannot parse instead of hiding them', () => {
    expect(documentOf(encodeURIComponent(policy({ Effect: 'Allow', Action: '*', Resource: '*' })))?.statements).toHaveLength(1)
    const data = authorization({ roles: [role('odd', { trustPolicy: '{"Statement": [{"Effect": "Maybe"}]}' })] })
    expect(unreadableDocuments(data)).toEqual([expect.stringMatching(/^role odd trust policy: policy document: \$\.Statement\[0\]/)])
  })
})
