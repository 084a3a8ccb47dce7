import { Flags } from '@oclif/core'

import { PolicyCommand } from '../../cli/policy-command.js'
import { policyOutputFlags } from '../../cli/policy-flags.js'
import type { PolicyOutput } from '../../cli/policy-output.js'
import { trustPolicy } from '../../policy/trust-policy.js'

export default class PolicyTrust extends PolicyCommand<typeof PolicyTrust> {
  static override summary = 'Trust policy for a role: who may assume it, and on what conditions.'
  static override description = `Principals are account ids (written as the account's root ARN, meaning whoever that account allows), user ARNs, role ARNs or AWS services such as lambda.amazonaws.com (written under "Service"); "*" and wildcards are refused.

--mfa requires an MFA-backed session (Bool aws:MultiFactorAuthPresent "true"); --mfa-max-age S also requires that the MFA sign-in is less than S seconds old (implies --mfa). --external-id adds StringEquals sts:ExternalId, for roles that a third party assumes.

Checked against the role trust policy quota (2048 characters) unless --limit says otherwise.`
  static override examples = [
    '<%= config.bin %> policy trust --principal arn:aws:iam::123456789012:user/alice --mfa --mfa-max-age 3600',
    '<%= config.bin %> policy trust --principal 210987654321 --external-id 7f3c9a --out trust.json',
    'aws iam create-role --role-name Developer --assume-role-policy-document file://trust.json',
  ]
  static override flags = {
    principal: Flags.string({ helpValue: 'PRINCIPAL', description: 'Account id, user or role ARN, or service (lambda.amazonaws.com) that may assume the role (repeat, or separate with commas)', multiple: true, delimiter: ',', required: true }),
    mfa: Flags.boolean({ description: 'Only with MFA (aws:MultiFactorAuthPresent)' }),
    'mfa-max-age': Flags.integer({ helpValue: 'SECONDS', description: 'Only within this many seconds of the MFA sign-in (aws:MultiFactorAuthAge); implies --mfa' }),
    'external-id': Flags.string({ helpValue: 'ID', description: 'Require this sts:ExternalId' }),
    ...policyOutputFlags('trust'),
  }

  async run(): Promise<PolicyOutput> {
    const document = trustPolicy({
      principals: this.flags.principal,
      mfa: this.flags.mfa,
      mfaMaxAgeSeconds: this.flags['mfa-max-age'],
      externalId: this.flags['external-id'],
    })
    return this.emitPolicy(document, 'trust', 'name fewer principals (an account id trusts the whole account); AWS can raise the trust policy quota to 4096 characters on request')
  }
}
