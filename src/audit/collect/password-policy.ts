import type { IAMClient } from '@aws-sdk/client-iam'

import { awsErrorName } from '../../aws/aws-error.js'
import type { PasswordPolicy } from '../account-data.js'

/** iam:GetAccountPasswordPolicy; an account without a policy answers NoSuchEntity, read as `null`. */
export async function collectPasswordPolicy(iam: IAMClient): Promise<PasswordPolicy | null> {
  const { GetAccountPasswordPolicyCommand } = await import('@aws-sdk/client-iam')
  try {
    const out = await iam.send(new GetAccountPasswordPolicyCommand({}))
    const policy = out.PasswordPolicy
    if (!policy) throw new Error('iam:GetAccountPasswordPolicy answered without a PasswordPolicy')
    return {
      minimumLength: policy.MinimumPasswordLength,
      reusePrevention: policy.PasswordReusePrevention,
      maxAgeDays: policy.MaxPasswordAge,
    }
  } catch (err) {
    if (['NoSuchEntity', 'NoSuchEntityException'].includes(awsErrorName(err))) return null
    throw err
  }
}
