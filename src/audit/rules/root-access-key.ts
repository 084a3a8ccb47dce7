import { daysSince, isoOrNull } from '../age.js'
import { defineRule } from './rule.js'
import { activeKeys, keyDiscriminator, keyResource } from './credential-report-entries.js'

export const rootAccessKey = defineRule({
  type: 'ROOT_ACCESS_KEY',
  severity: 'critical',
  title: 'The root user has an active access key',
  remediation: 'Delete the root access key (sign in as root, Security credentials); use IAM roles or users for programmatic access.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now }) {
    return credentialReport.entries
      .filter((entry) => entry.isRoot)
      .flatMap((entry) =>
        activeKeys(entry).map((key) => ({
          resource: keyResource(entry, key),
          detail: `the root user has active access key ${key.slot}`,
          lastUsed: isoOrNull(key.lastUsed),
          ageDays: key.lastRotated ? daysSince(key.lastRotated, now) : null,
          discriminator: keyDiscriminator(key),
        })),
      )
  },
})
