import { MFA_PRESENT_KEY } from './document/mfa-keys.js'
import { POLICY_VERSION, type PolicyDocument } from './document/model.js'
import { OWN_USER_ARNS } from './own-user-arns.js'

/**
 * AWS's "manage your own credentials, nothing else without MFA" policy (IAM User Guide,
 * "Allows MFA-authenticated IAM users to manage their own credentials"): users may look
 * after their own password, access keys and MFA device at any time, and every other action
 * is denied unless the request was signed with MFA-backed credentials. Long-term access keys
 * carry no MFA, so the CLI works only through an MFA session such as `iamkit login` makes.
 */
export function mfaRequiredPolicy(): PolicyDocument {
  return {
    version: POLICY_VERSION,
    statements: [
      {
        sid: 'AllowViewAccountInfo',
        effect: 'Allow',
        actions: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
        resources: ['*'],
        conditions: [],
      },
      {
        sid: 'AllowManageOwnPasswordAndKeys',
        effect: 'Allow',
        actions: [
          'iam:ChangePassword',
          'iam:GetUser',
          'iam:CreateAccessKey',
          'iam:DeleteAccessKey',
          'iam:GetAccessKeyLastUsed',
          'iam:ListAccessKeys',
          'iam:UpdateAccessKey',
        ],
        resources: [...OWN_USER_ARNS],
        conditions: [],
      },
      {
        // A virtual device's ARN carries the name the user picks, so IAM can only scope its
        // creation to the account's devices; enabling it is scoped to the user below.
        sid: 'AllowCreateVirtualMFADevice',
        effect: 'Allow',
        actions: ['iam:CreateVirtualMFADevice'],
        resources: ['arn:aws:iam::*:mfa/*'],
        conditions: [],
      },
      {
        sid: 'AllowManageOwnMFA',
        effect: 'Allow',
        actions: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
        resources: [...OWN_USER_ARNS],
        conditions: [],
      },
      {
        // Without MFA only what sets MFA up, changes a first-sign-in password, and trades the
        // long-term key for an MFA session (sts:GetSessionToken, i.e. `iamkit login`) works.
        // iam:DeactivateMFADevice is left out on purpose: removing MFA needs MFA.
        sid: 'DenyAllExceptListedIfNoMFA',
        effect: 'Deny',
        notActions: [
          'iam:ChangePassword',
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:GetAccountPasswordPolicy',
          'iam:GetMFADevice',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ListVirtualMFADevices',
          'iam:ResyncMFADevice',
          'sts:GetSessionToken',
        ],
        resources: ['*'],
        conditions: [{ operator: 'BoolIfExists', key: MFA_PRESENT_KEY, values: ['false'] }],
      },
    ],
  }
}
