import { CREDENTIAL_ACTIONS } from '../../permissions/risky-actions.js'
import { riskyActionHits } from './risky-action-rule.js'
import { defineRule } from './rule.js'

export const credentialsExposure = defineRule({
  type: 'CREDENTIALS_EXPOSURE',
  severity: 'high',
  title: 'User or role that can read or create credentials and secrets on every resource',
  remediation: 'Scope the actions to the secrets, parameters, keys or users the identity needs (named ARNs), or remove them.',
  needs: ['authorization', 'reference'],
  check(data, settings) {
    return riskyActionHits(data, settings, CREDENTIAL_ACTIONS, 'high', 'returns or creates credentials')
  },
})
