import { PolicyCommand } from '../../cli/policy-command.js'
import { policyOutputFlags } from '../../cli/policy-flags.js'
import type { PolicyOutput } from '../../cli/policy-output.js'
import { mfaRequiredPolicy } from '../../policy/mfa-required-policy.js'

export default class PolicyMfaRequired extends PolicyCommand<typeof PolicyMfaRequired> {
  static override summary = 'AWS\'s "manage your own credentials, nothing else without MFA" policy.'
  static override description = `Users may manage their own password, access keys and MFA device. Without MFA only setting MFA up, changing a first-sign-in password and sts:GetSessionToken work; every other action is denied unless the request carries MFA (Deny + NotAction + BoolIfExists aws:MultiFactorAuthPresent "false").

This blocks the AWS CLI and SDKs from using a long-term access key for anything but those calls: requests signed with the key itself carry no MFA. That is the point. Run "iamkit login <profile>" and use the [<profile>-sts] session it writes (or "iamkit exec"), which is MFA-backed; login's sts:GetSessionToken and init's iam:ListMFADevices stay allowed.

Meant to be attached to a group as a managed policy; checked against the managed policy quota (6144 characters) unless --limit says otherwise.`
  static override examples = [
    '<%= config.bin %> policy mfa-required --out mfa-required.json',
    'aws iam create-policy --policy-name mfa-required --policy-document file://mfa-required.json',
    'aws iam attach-group-policy --group-name people --policy-arn arn:aws:iam::123456789012:policy/mfa-required',
  ]
  static override flags = { ...policyOutputFlags('managed') }

  async run(): Promise<PolicyOutput> {
    return this.emitPolicy(mfaRequiredPolicy(), 'identity', 'attach it as a managed policy (--limit managed), which allows 6144 characters')
  }
}
