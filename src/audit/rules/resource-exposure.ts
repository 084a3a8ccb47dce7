import { RESOURCE_POLICY_ACTIONS } from '../../permissions/risky-actions.js'
import { riskyActionHits } from './risky-action-rule.js'
import { defineRule } from './rule.js'

export const resourceExposure = defineRule({
  type: 'RESOURCE_EXPOSURE',
  severity: 'medium',
  title: 'User or role that can rewrite resource policies on every resource, opening them to anyone',
  remediation: 'Scope the actions to the resources the identity manages (named ARNs), or remove them; resource policies decide who outside the account gets in.',
  needs: ['authorization', 'reference'],
  check(data, settings) {
    return riskyActionHits(data, settings, RESOURCE_POLICY_ACTIONS, 'medium', 'rewrites resource policies')
  },
})
