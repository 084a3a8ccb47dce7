import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'
import type { PolicyDocument } from '../../../src/policy/document/model.js'
import { mfaRequiredPolicy } from '../../../src/policy/mfa-required-policy.js'
import { trustPolicy } from '../../../src/policy/trust-policy.js'
import { userPolicy } from '../../../src/policy/user-policy.js'
import { RENAMED_EVENT_ACTIONS } from '../../../src/policy/usage/event-action.js'

const reference = await loadIamReference()
const actionsOf = (d: PolicyDocument) => d.statements.flatMap((s) => [...(s.actions ?? []), ...(s.notActions ?? [])])

/** Whatever iamkit writes into a policy is an action AWS has, spelled as AWS spells it. */
describe('every action the generators and the from-usage mapping can emit exists', () => {
  it.each([
    ['policy user --self-service --role-arn', userPolicy({ roleArns: ['arn:aws:iam::123456789012:role/Dev'], selfService: true })],
    ['policy mfa-required', mfaRequiredPolicy()],
    ['policy trust --mfa --external-id', trustPolicy({ principals: ['123456789012'], mfa: true, mfaMaxAgeSeconds: 3600, externalId: 'abc123' })],
  ])('%s', (_name, document) => {
    const actions = actionsOf(document)
    expect(actions.length).toBeGreaterThan(0)
    for (const action of actions) expect(reference.action(action)?.qualified, action).toBe(action)
  })

  it('from-usage: every renamed event maps to an action that exists', () => {
    for (const action of Object.values(RENAMED_EVENT_ACTIONS)) expect(reference.action(action)?.qualified, action).toBe(action)
  })
})
