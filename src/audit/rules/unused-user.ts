import { daysSince, isoOrNull, isUnused } from '../age.js'
import type { CredentialReportEntry } from '../account-data.js'
import { defineRule } from './rule.js'
import { iamUsers, userResource } from './credential-report-entries.js'

export const unusedUser = defineRule({
  type: 'UNUSED_USER',
  severity: 'medium',
  title: 'IAM user with no sign-in or access-key use for longer than --unused-days',
  remediation: 'Delete the user (or deactivate its password and keys) if nobody needs it; a dormant user is an account waiting to be taken over.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, unusedDays }) {
    return iamUsers(credentialReport.entries).flatMap((entry) => {
      const lastUsed = lastActivity(entry)
      if (!isUnused({ createdAt: entry.createdAt, lastUsed }, now, unusedDays)) return []
      return [
        {
          resource: userResource(entry),
          detail: lastUsed
            ? `last used ${daysSince(lastUsed, now)} days ago (password or access key)`
            : `never signed in or used an access key since it was created ${entry.createdAt ? daysSince(entry.createdAt, now) : '?'} days ago`,
          lastUsed: isoOrNull(lastUsed),
          ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
        },
      ]
    })
  },
})

/** The latest of the password's and the keys' last use. */
function lastActivity(entry: CredentialReportEntry): Date | undefined {
  const uses = [entry.passwordLastUsed, ...entry.accessKeys.map((k) => k.lastUsed)].filter((d): d is Date => d !== undefined)
  return uses.length ? new Date(Math.max(...uses.map((d) => d.getTime()))) : undefined
}
