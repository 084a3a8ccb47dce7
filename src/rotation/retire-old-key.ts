import { awsErrorName } from '../aws/aws-error.js'
import type { AccessKeyStatus } from '../aws/iam-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import { explainDenied } from './permission-error.js'
import { DEFAULT_POLL_LIMITS, retryWhileKeyUnknown } from './propagation.js'
import type { RotationDeps } from './rotation-deps.js'
import type { RotationSession } from './rotation-session.js'

/**
 * Who signs step 7. SPEC §5 says the new key, and without MFA it does: the old key is retired by
 * the key that replaces it. With `mfa_serial` the run's MFA session signs instead: under a policy
 * that requires MFA a bare key may not manage keys, a second session would cost a second code
 * (a TOTP code cannot be used twice), and a GetSessionToken session stays valid after the key
 * that made it is deactivated or deleted. The new key has already proven itself in step 5.
 */
export function retirementSigner(session: RotationSession, newKey: Credentials): { signer: Credentials; bareNewKey: boolean } {
  if (session.mfaSerial) return { signer: session.iamSigner, bareNewKey: false }
  return { signer: newKey, bareNewKey: true }
}

export type RetiredAs = 'deleted' | 'inactive'

/**
 * Step 7: the old key goes Inactive, then is deleted unless `keepOld`. Idempotent, so recovery
 * can repeat it: a key already Inactive is not updated again, a key already gone counts as deleted.
 */
export async function retireOldKey(
  oldKey: { accessKeyId: string; status?: AccessKeyStatus } | undefined,
  options: { keepOld: boolean; newKey: Credentials },
  session: RotationSession,
  deps: RotationDeps,
): Promise<RetiredAs> {
  if (!oldKey) return 'deleted'
  const { signer, bareNewKey } = retirementSigner(session, options.newKey)
  const context = { profile: session.profile, userName: session.userName, withMfa: !bareNewKey }
  const limits = { ...DEFAULT_POLL_LIMITS, ...deps.poll }
  // A brand-new key may be known to STS a moment before IAM knows it.
  const send = <T>(call: string, work: () => Promise<T>) =>
    explainDenied(call, context, () => (bareNewKey ? retryWhileKeyUnknown({ clock: deps.clock, limits }, work) : work()))
  try {
    if (oldKey.status !== 'Inactive') {
      await send('iam:UpdateAccessKey', () => deps.iam.updateAccessKey(signer, session.userName, oldKey.accessKeyId, 'Inactive'))
    }
    if (options.keepOld) return 'inactive'
    await send('iam:DeleteAccessKey', () => deps.iam.deleteAccessKey(signer, session.userName, oldKey.accessKeyId))
    return 'deleted'
  } catch (err) {
    if (awsErrorName(err) === 'NoSuchEntity' || awsErrorName(err) === 'NoSuchEntityException') return 'deleted'
    throw err
  }
}
