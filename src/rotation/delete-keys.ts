import { awsErrorName } from '../aws/aws-error.js'
import { explainDenied } from './permission-error.js'
import type { RotationDeps } from './rotation-deps.js'
import { deniedContext, type RotationSession } from './rotation-session.js'

/** Deletes keys a rotation created and must take back; a key already gone is fine. */
export async function deleteKeys(accessKeyIds: string[], session: RotationSession, deps: RotationDeps): Promise<void> {
  for (const accessKeyId of accessKeyIds) {
    try {
      await explainDenied('iam:DeleteAccessKey', deniedContext(session), () => deps.iam.deleteAccessKey(session.iamSigner, session.userName, accessKeyId))
    } catch (err) {
      if (awsErrorName(err) !== 'NoSuchEntity' && awsErrorName(err) !== 'NoSuchEntityException') throw err
    }
  }
}
