import type { RuleHit } from './rule.js'
import { defineRule } from './rule.js'
import { settingResource } from './account-resource.js'

/** CIS AWS Foundations 1.8 and 1.9. */
export const MIN_PASSWORD_LENGTH = 14
export const MIN_REUSE_PREVENTION = 24

export const passwordPolicyWeak = defineRule({
  type: 'PASSWORD_POLICY_WEAK',
  severity: 'medium',
  title: `Account password policy missing, shorter than ${MIN_PASSWORD_LENGTH} characters or remembering fewer than ${MIN_REUSE_PREVENTION} passwords`,
  remediation: `Set the password policy: aws iam update-account-password-policy --minimum-password-length ${MIN_PASSWORD_LENGTH} --password-reuse-prevention ${MIN_REUSE_PREVENTION} (and keep the other settings you rely on).`,
  needs: ['passwordPolicy'],
  check({ passwordPolicy }, settings) {
    if (passwordPolicy === null) {
      return [{ resource: settingResource(settings, 'PasswordPolicy'), detail: 'the account has no password policy: IAM allows 8-character passwords and their reuse', discriminator: 'PasswordPolicy' }]
    }
    const hits: RuleHit[] = []
    const length = passwordPolicy.minimumLength ?? 0
    if (length < MIN_PASSWORD_LENGTH) {
      hits.push({ resource: settingResource(settings, 'MinimumPasswordLength'), detail: `passwords may be ${length || 'any number of'} characters long (at least ${MIN_PASSWORD_LENGTH} wanted)`, discriminator: 'MinimumPasswordLength' })
    }
    const reuse = passwordPolicy.reusePrevention ?? 0
    if (reuse < MIN_REUSE_PREVENTION) {
      hits.push({
        resource: settingResource(settings, 'PasswordReusePrevention'),
        detail: reuse ? `only the last ${reuse} passwords cannot be reused (${MIN_REUSE_PREVENTION} wanted)` : `passwords can be reused (the last ${MIN_REUSE_PREVENTION} should be remembered)`,
        discriminator: 'PasswordReusePrevention',
      })
    }
    return hits
  },
})
