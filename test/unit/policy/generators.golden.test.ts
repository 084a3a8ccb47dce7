import { describe, it } from 'vitest'

import type { PolicyDocument } from '../../../src/policy/document/model.js'
import { mfaRequiredPolicy } from '../../../src/policy/mfa-required-policy.js'
import type { PolicyLimit } from '../../../src/policy/policy-limits.js'
import { trustPolicy } from '../../../src/policy/trust-policy.js'
import { userPolicy } from '../../../src/policy/user-policy.js'
import { type PolicyKind, validatePolicy } from '../../../src/policy/validate-policy.js'
import { expectGolden } from '../../support/golden.js'
import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'

const reference = await loadIamReference()

const DEV = 'arn:aws:iam::123456789012:role/Developer'
const OPS = 'arn:aws:iam::123456789012:role/teams/Ops'

/** The text `iamkit policy …` prints: validated, pretty JSON, newline at the end. */
function printed(document: PolicyDocument, kind: PolicyKind, limit: PolicyLimit): string {
  const { json } = validatePolicy(document, { kind, limit, tooLargeAdvice: '', reference })
  return `${JSON.stringify(json, null, 2)}\n`
}

describe('policy user (golden)', () => {
  it.each([
    ['user-one-role.json', { roleArns: [DEV], selfService: false }],
    ['user-two-roles.json', { roleArns: [DEV, OPS, DEV], selfService: false }],
    ['user-self-service.json', { roleArns: [], selfService: true }],
    ['user-roles-self-service.json', { roleArns: [DEV, OPS], selfService: true }],
  ])('%s', async (fixture, options) => {
    await expectGolden(fixture, printed(userPolicy(options), 'identity', 'user-inline'))
  })
})

describe('policy trust (golden)', () => {
  it.each([
    ['trust-account.json', { principals: ['210987654321'], mfa: false }],
    ['trust-user.json', { principals: ['arn:aws:iam::123456789012:user/alice'], mfa: false }],
    ['trust-several.json', { principals: ['210987654321', 'arn:aws:iam::123456789012:role/ci/Deployer', 'arn:aws:iam::123456789012:user/eng/bob'], mfa: false }],
    ['trust-mfa.json', { principals: ['arn:aws:iam::123456789012:user/alice'], mfa: true }],
    ['trust-mfa-max-age.json', { principals: ['arn:aws:iam::123456789012:user/alice'], mfa: true, mfaMaxAgeSeconds: 3600 }],
    ['trust-max-age-implies-mfa.json', { principals: ['arn:aws:iam::123456789012:user/alice'], mfa: false, mfaMaxAgeSeconds: 900 }],
    ['trust-external-id.json', { principals: ['210987654321'], mfa: false, externalId: 'Partner-7f3c9a' }],
    ['trust-all.json', { principals: ['210987654321', 'arn:aws:iam::123456789012:user/alice'], mfa: true, mfaMaxAgeSeconds: 3600, externalId: 'Partner-7f3c9a' }],
  ])('%s', async (fixture, options) => {
    await expectGolden(fixture, printed(trustPolicy(options), 'trust', 'trust'))
  })
})

describe('policy mfa-required (golden)', () => {
  it('mfa-required.json', async () => {
    await expectGolden('mfa-required.json', printed(mfaRequiredPolicy(), 'identity', 'managed'))
  })
})
