import { daysSince, isoOrNull } from '../age.js'
import { defineRule } from './rule.js'
import { activeKeys, iamUsers, keyDiscriminator, keyResource } from './credential-report-entries.js'

export const staleAccessKey = defineRule({
  type: 'STALE_ACCESS_KEY',
  severity: 'medium',
  title: 'Active access key older than --max-key-age',
  remediation: 'Rotate the key (iamkit rotate <profile>), or replace long-term keys with roles and MFA sessions.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, maxKeyAgeDays }) {
    return iamUsers(credentialReport.entries).flatMap((entry) =>
      activeKeys(entry)
        .filter((key) => key.lastRotated && daysSince(key.lastRotated, now) > maxKeyAgeDays)
        .map((key) => ({
          resource: keyResource(entry, key),
          detail: `access key ${key.slot} of ${entry.user} is ${daysSince(key.lastRotated!, now)} days old (limit ${maxKeyAgeDays})`,
          lastUsed: isoOrNull(key.lastUsed),
          ageDays: daysSince(key.lastRotated!, now),
          discriminator: keyDiscriminator(key),
        })),
    )
  },
})
