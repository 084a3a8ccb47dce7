import { daysSince, isoOrNull } from '../age.js'
import { defineRule } from './rule.js'
import { userResource } from './credential-report-entries.js'

export const rootWithoutHardwareMfa = defineRule({
  type: 'ROOT_WITHOUT_HARDWARE_MFA',
  severity: 'medium',
  title: "The root user's MFA is a virtual device, not a hardware one",
  remediation: 'Replace the root user’s virtual MFA with a hardware key (FIDO security key or hardware TOTP token), kept somewhere safe.',
  needs: ['credentialReport', 'virtualMfaDevices'],
  check({ credentialReport, virtualMfaDevices }, { now }) {
    return credentialReport.entries
      .filter((entry) => entry.isRoot && entry.mfaActive)
      .flatMap((entry) => {
        const virtual = virtualMfaDevices.find((d) => d.userArn === entry.arn || /:mfa\/root-account-mfa-device$/.test(d.serial))
        if (!virtual) return []
        return [
          {
            resource: userResource(entry),
            detail: `the root user's MFA is the virtual device ${virtual.serial}`,
            lastUsed: isoOrNull(entry.passwordLastUsed),
            ageDays: entry.createdAt ? daysSince(entry.createdAt, now) : null,
          },
        ]
      })
  },
})
