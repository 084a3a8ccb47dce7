import { Flags } from '@oclif/core'

import { PolicyCommand } from '../../cli/policy-command.js'
import { policyOutputFlags } from '../../cli/policy-flags.js'
import type { PolicyOutput } from '../../cli/policy-output.js'
import { userPolicy } from '../../policy/user-policy.js'

export default class PolicyUser extends PolicyCommand<typeof PolicyUser> {
  static override summary = 'Identity policy for a day-to-day IAM user: assume the listed roles, nothing else.'
  static override description = `The user may call sts:AssumeRole on the --role-arn roles only. --self-service adds exactly the calls iamkit init, login and rotate make (iam:ListMFADevices, sts:GetSessionToken and the access-key calls), limited to the user's own user ARN; sts:GetCallerIdentity needs no permission.

Checked against the inline user policy quota (2048 characters) unless --limit says otherwise.`
  static override examples = [
    '<%= config.bin %> policy user --role-arn arn:aws:iam::123456789012:role/Developer --self-service',
    '<%= config.bin %> policy user --role-arn arn:aws:iam::123456789012:role/Dev arn:aws:iam::123456789012:role/Ops --out alice.json',
    'aws iam put-user-policy --user-name alice --policy-name day-to-day --policy-document file://alice.json',
  ]
  static override flags = {
    'role-arn': Flags.string({ helpValue: 'ARN', description: 'A role the user may assume (repeat, or separate with commas)', multiple: true, delimiter: ',' }),
    'self-service': Flags.boolean({ description: 'Also allow the calls of iamkit init, login and rotate on the user itself' }),
    ...policyOutputFlags('user-inline'),
  }

  async run(): Promise<PolicyOutput> {
    const document = userPolicy({ roleArns: this.flags['role-arn'] ?? [], selfService: this.flags['self-service'] })
    return this.emitPolicy(document, 'identity', 'list fewer roles, or attach it as a managed policy (--limit managed, then aws iam create-policy and attach-user-policy)')
  }
}
