import { daysSince } from '../age.js'
import { defineRule } from './rule.js'
import { userResource } from './credential-report-entries.js'

export const rootRecentlyUsed = defineRule({
  type: 'ROOT_RECENTLY_USED',
  severity: 'high',
  title: 'The root user signed in or used an access key within --unused-days',
  remediation: 'Find out who used root and why (CloudTrail: userIdentity.type Root); do daily work with IAM roles, and keep root for the few tasks only it can do.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, unusedDays }) {
    return credentialReport.entries
      .filter((entry) => entry.isRoot)
      .flatMap((entry) => {
        const uses = [
          ...(entry.passwordLastUsed ? [{ what: 'signed in with the password', at: entry.passwordLastUsed }] : []),
          ...entry.accessKeys.flatMap((k) => (k.lastUsed ? [{ what: `used access key ${k.slot}`, at: k.lastUsed }] : [])),
        ].filter((use) => daysSince(use.at, now) <= unusedDays)
        if (uses.length === 0) return []
        const latest = uses.reduce((a, b) => (a.at > b.at ? a : b))
        return [
          {
            resource: userResource(entry),
            detail: `the root user ${uses.map((u) => `${u.what} ${daysSince(u.at, now)} days ago`).join(' and ')}`,
            lastUsed: latest.at.toISOString(),
            ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
          },
        ]
      })
  },
})
