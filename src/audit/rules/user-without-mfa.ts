import { daysSince, isoOrNull } from '../age.js'
import { defineRule } from './rule.js'
import { iamUsers, userResource } from './credential-report-entries.js'

export const userWithoutMfa = defineRule({
  type: 'USER_WITHOUT_MFA',
  severity: 'high',
  title: 'IAM user who can sign in to the console without an MFA device',
  remediation: 'Enable an MFA device for the user, and enforce it with a policy (iamkit policy mfa-required).',
  needs: ['credentialReport'],
  check({ credentialReport }, { now }) {
    return iamUsers(credentialReport.entries)
      .filter((entry) => entry.passwordEnabled && !entry.mfaActive)
      .map((entry) => ({
        resource: userResource(entry),
        detail: `${entry.user} has a console password and no MFA device`,
        lastUsed: isoOrNull(entry.passwordLastUsed),
        ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
      }))
  },
})
