import { WORKFLOW_CALLS } from '../aws/workflow-calls.js'

/**
 * What each call of iamkit's own workflows (`src/aws/workflow-calls.ts`) needs in a policy,
 * from the Service Authorization Reference's resource type for the action:
 * - `no-permission`: sts:GetCallerIdentity works for every caller and cannot be denied;
 * - `any-resource`: the action has no resource type, so IAM only accepts `Resource: "*"`;
 * - `own-user`: the resource is the IAM user the call is about, so the policy names only the
 *   caller's own user ARN.
 * A call added to WORKFLOW_CALLS must be placed here too; the self-service generator refuses
 * to guess, and its test fails until it is.
 */
export type CallScope = 'no-permission' | 'any-resource' | 'own-user'

export const WORKFLOW_CALL_SCOPES: Record<string, CallScope> = {
  'sts:GetCallerIdentity': 'no-permission',
  'sts:GetSessionToken': 'any-resource',
  'iam:ListMFADevices': 'own-user',
  'iam:ListAccessKeys': 'own-user',
  'iam:GetAccessKeyLastUsed': 'own-user',
  'iam:CreateAccessKey': 'own-user',
  'iam:UpdateAccessKey': 'own-user',
  'iam:DeleteAccessKey': 'own-user',
}

/** Every call `iamkit init`, `login` and `rotate` make, each once, in workflow order. */
export function selfServiceCalls(): string[] {
  return [...new Set(Object.values(WORKFLOW_CALLS).flat())]
}

export function callScope(call: string): CallScope {
  const scope = WORKFLOW_CALL_SCOPES[call]
  if (!scope) throw new Error(`${call} is in WORKFLOW_CALLS but has no entry in WORKFLOW_CALL_SCOPES; decide its resource there`)
  return scope
}
