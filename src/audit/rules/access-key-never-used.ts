import { daysSince, isUnused } from '../age.js'
import { defineRule } from './rule.js'
import { activeKeys, iamUsers, keyDiscriminator, keyResource } from './credential-report-entries.js'

export const accessKeyNeverUsed = defineRule({
  type: 'ACCESS_KEY_NEVER_USED',
  severity: 'medium',
  title: 'Active access key never used, created longer ago than --unused-days',
  remediation: 'Delete the key: it was never needed, and an unused secret can only leak.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, unusedDays }) {
    return iamUsers(credentialReport.entries).flatMap((entry) =>
      activeKeys(entry)
        .filter((key) => !key.lastUsed && isUnused({ createdAt: key.lastRotated }, now, unusedDays))
        .map((key) => ({
          resource: keyResource(entry, key),
          detail: `access key ${key.slot} of ${entry.user} was created ${daysSince(key.lastRotated!, now)} days ago and never used`,
          lastUsed: null,
          ageDays: daysSince(key.lastRotated!, now),
          discriminator: keyDiscriminator(key),
        })),
    )
  },
})
