import { defineRule } from './rule.js'
import { accountResource } from './account-resource.js'

const AWS_SUPPORT_ACCESS = /^arn:[^:]+:iam::aws:policy\/AWSSupportAccess$/

export const noSupportRole = defineRule({
  type: 'NO_SUPPORT_ROLE',
  severity: 'low',
  title: 'No role with AWSSupportAccess to manage incidents with AWS Support',
  remediation: 'Create a role that your incident responders can assume and attach arn:aws:iam::aws:policy/AWSSupportAccess to it.',
  needs: ['authorization'],
  check({ authorization }, settings) {
    const hasRole = authorization.roles.some((role) => role.attachedPolicies.some((p) => AWS_SUPPORT_ACCESS.test(p.arn)))
    if (hasRole) return []
    return [{ resource: accountResource(settings), detail: 'no role has the AWSSupportAccess policy attached' }]
  },
})
