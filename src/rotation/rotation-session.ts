import type { CallerIdentity } from '../aws/sts-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import { UsageError } from '../errors.js'
import { parseCallerArn } from '../identity/caller-arn.js'
import type { ProfileKey } from '../profiles/key-store.js'
import type { Profile } from '../profiles/profile.js'
import { type DeniedContext, explainDenied } from './permission-error.js'
import type { RotationDeps } from './rotation-deps.js'

/** The shortest session STS gives: a rotation needs minutes, and a shorter life is safer. */
const SESSION_SECONDS = 900

/** Who is rotating, and with which credentials each kind of call is signed. */
export interface RotationSession {
  profile: string
  account: string
  userArn: string
  userName: string
  /** The long-term key the profile holds now. */
  fileKey: Credentials
  /** Where that key lives and step 6 writes the new one (the credentials file or a vault). */
  holder: ProfileKey
  /**
   * What signs the IAM calls: the run's MFA session when the profile has `mfa_serial` (one code
   * per run, and MFA-enforcing policies pass), otherwise the profile's key itself.
   */
  iamSigner: Credentials
  mfaSerial?: string
}

/**
 * Steps 1–2 after the lock: learns the key's owner (refusing root and non-user keys) and, when
 * the profile has an MFA device, trades the key and one code for the run's session.
 */
export async function openRotationSession(profile: Profile, holder: ProfileKey, fileKey: Credentials, deps: RotationDeps): Promise<RotationSession> {
  const identity = await deps.sts.getCallerIdentity(fileKey)
  const userName = iamUserOf(profile.name, identity)
  const mfaSerial = profile.settings.mfa_serial
  const base = { profile: profile.name, account: identity.account, userArn: identity.arn, userName, fileKey, holder }
  if (!mfaSerial) return { ...base, iamSigner: fileKey }
  const tokenCode = await deps.mfaCode(mfaSerial, { profile: profile.name, mfaProcess: profile.settings.mfa_process })
  const session = await explainDenied('sts:GetSessionToken', { profile: profile.name, userName, profileHasMfa: true }, () =>
    deps.sts.getSessionToken(fileKey, { serialNumber: mfaSerial, tokenCode, durationSeconds: SESSION_SECONDS }),
  )
  return { ...base, iamSigner: session, mfaSerial }
}

export function deniedContext(session: RotationSession): DeniedContext {
  return { profile: session.profile, userName: session.userName, profileHasMfa: session.mfaSerial !== undefined }
}

function iamUserOf(profile: string, identity: CallerIdentity): string {
  const caller = parseCallerArn(identity.arn)
  if (caller.kind === 'root') {
    throw new UsageError(
      'ROOT_CREDENTIALS',
      `profile "${profile}" holds the root user's access key for account ${identity.account}; iamkit does not rotate root keys: delete them in the console and use an IAM user's key`,
    )
  }
  if (caller.kind !== 'user') {
    throw new UsageError('NOT_A_USER', `profile "${profile}" does not belong to an IAM user (${identity.arn}); iamkit rotate rotates an IAM user's access key`)
  }
  return caller.userName
}
