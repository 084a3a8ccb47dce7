/**
 * The AWS calls each credentials workflow makes, in one place: the gateways' tests check
 * that nothing else is called, error messages name the permission that was missing, and
 * `iamkit policy user --self-service` grants exactly these (SPEC §6).
 */
export const WORKFLOW_CALLS = {
  init: ['sts:GetCallerIdentity', 'iam:ListMFADevices'],
  login: ['sts:GetSessionToken'],
  rotate: [
    'sts:GetCallerIdentity',
    'sts:GetSessionToken',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:CreateAccessKey',
    'iam:UpdateAccessKey',
    'iam:DeleteAccessKey',
  ],
} as const satisfies Record<string, readonly string[]>
