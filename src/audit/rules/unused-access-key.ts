import { daysSince, isUnused } from '../age.js'
import { defineRule } from './rule.js'
import { activeKeys, iamUsers, keyDiscriminator, keyResource } from './credential-report-entries.js'

export const unusedAccessKey = defineRule({
  type: 'UNUSED_ACCESS_KEY',
  severity: 'medium',
  title: 'Active access key last used longer ago than --unused-days',
  remediation: 'Deactivate the key (aws iam update-access-key --status Inactive), wait for complaints, then delete it.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, unusedDays }) {
    return iamUsers(credentialReport.entries).flatMap((entry) =>
      activeKeys(entry)
        .filter((key) => key.lastUsed && isUnused({ createdAt: key.lastRotated, lastUsed: key.lastUsed }, now, unusedDays))
        .map((key) => ({
          resource: keyResource(entry, key),
          detail: `access key ${key.slot} of ${entry.user} is active but was last used ${daysSince(key.lastUsed!, now)} days ago`,
          lastUsed: key.lastUsed!.toISOString(),
          ageDays: key.lastRotated ? daysSince(key.lastRotated, now) : null,
          discriminator: keyDiscriminator(key),
        })),
    )
  },
})
