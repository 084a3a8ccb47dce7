import { daysSince, isoOrNull } from '../age.js'
import { defineRule } from './rule.js'
import { userResource } from './credential-report-entries.js'

export const rootWithoutMfa = defineRule({
  type: 'ROOT_WITHOUT_MFA',
  severity: 'critical',
  title: 'The root user has no MFA device',
  remediation: 'Sign in as root and enable MFA (preferably a hardware key) under Security credentials.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now }) {
    return credentialReport.entries
      .filter((entry) => entry.isRoot && !entry.mfaActive)
      .map((entry) => ({
        resource: userResource(entry),
        detail: 'the root user can sign in with a password alone',
        lastUsed: isoOrNull(entry.passwordLastUsed),
        ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
      }))
  },
})
