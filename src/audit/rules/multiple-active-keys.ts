import { daysSince } from '../age.js'
import { defineRule } from './rule.js'
import { activeKeys, iamUsers, userResource } from './credential-report-entries.js'

export const multipleActiveKeys = defineRule({
  type: 'MULTIPLE_ACTIVE_KEYS',
  severity: 'medium',
  title: 'IAM user with two active access keys',
  remediation: 'Keep one active key per user: finish the rotation (iamkit rotate) and deactivate, then delete, the older key.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now }) {
    return iamUsers(credentialReport.entries)
      .filter((entry) => activeKeys(entry).length > 1)
      .map((entry) => ({
        resource: userResource(entry),
        detail: `${entry.user} has ${activeKeys(entry).length} active access keys`,
        ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
      }))
  },
})
