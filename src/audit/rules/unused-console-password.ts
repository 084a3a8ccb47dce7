import { daysSince, isoOrNull, isUnused } from '../age.js'
import { defineRule } from './rule.js'
import { iamUsers, userResource } from './credential-report-entries.js'

export const unusedConsolePassword = defineRule({
  type: 'UNUSED_CONSOLE_PASSWORD',
  severity: 'medium',
  title: 'Console password not used for longer than --unused-days',
  remediation: 'Delete the login profile (aws iam delete-login-profile --user-name …); the user keeps its keys, and a password can be set again when needed.',
  needs: ['credentialReport'],
  check({ credentialReport }, { now, unusedDays }) {
    return iamUsers(credentialReport.entries).flatMap((entry) => {
      if (!entry.passwordEnabled) return []
      // The password may be younger than the user: judge its age from when it was set.
      const setAt = entry.passwordLastChanged ?? entry.createdAt
      if (!isUnused({ createdAt: setAt, lastUsed: entry.passwordLastUsed }, now, unusedDays)) return []
      return [
        {
          resource: userResource(entry),
          detail: entry.passwordLastUsed
            ? `${entry.user}'s console password was last used ${daysSince(entry.passwordLastUsed, now)} days ago`
            : `${entry.user}'s console password was never used since it was set ${daysSince(setAt!, now)} days ago`,
          lastUsed: isoOrNull(entry.passwordLastUsed),
          ageDays: setAt ? daysSince(setAt, now) : null,
        },
      ]
    })
  },
})
