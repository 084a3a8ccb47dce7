import type { IamGateway } from '../aws/iam-gateway.js'
import type { StsGateway } from '../aws/sts-gateway.js'
import type { Reporter } from '../reporter.js'
import { echo } from '../echo.js'
import { UsageError } from '../errors.js'
import { credentialsSection } from '../profiles/profile.js'
import { credentialsFileKeys, type KeyStore } from '../profiles/key-store.js'
import type { ProfileStore } from '../profiles/profile-store.js'
import { parseCallerArn } from './caller-arn.js'

export interface InitRequest {
  profile: string
  /** `--mfa-serial`: which device when the user has several. */
  mfaSerial?: string
}

export interface InitResult {
  profile: string
  account: string
  arn: string
  username: string
  mfaSerial: string | null
}

/** What init found, and whether the profile file had to change for it. */
export interface InitOutcome extends InitResult {
  /** False when the profile already said all this: the file was not rewritten. */
  changed: boolean
}

export interface InitDeps {
  store: ProfileStore
  /** Where long-term keys come from (files or a vault); the credentials file by default. */
  keys?: KeyStore
  sts: StsGateway
  iam: IamGateway
  /** Asks the person to pick a device; absent when there is no terminal. */
  chooseDevice?: (serials: string[]) => Promise<string>
  reporter: Reporter
}

// FIDO security keys are listed by IAM but cannot give the one-time codes STS needs.
const SECURITY_KEY = /:u2f\//

/**
 * `iamkit init`: learns who the profile's key belongs to and which MFA device it has, from
 * IAM itself (never by guessing the device ARN from the user ARN), and stores `username` and
 * `mfa_serial` in the profile's credentials-file section.
 */
export async function initProfile(request: InitRequest, deps: InitDeps): Promise<InitOutcome> {
  if (request.mfaSerial !== undefined) assertSerialNumber(request.mfaSerial)
  const snapshot = await deps.store.read()
  const keys = await (deps.keys ?? credentialsFileKeys(deps.store)).forProfile(snapshot.require(request.profile)).load()
  const identity = await deps.sts.getCallerIdentity(keys)
  const caller = parseCallerArn(identity.arn)
  if (caller.kind === 'root') {
    throw new UsageError(
      'ROOT_CREDENTIALS',
      `profile "${request.profile}" holds the root user's access key for account ${identity.account}; root keys should be deleted: create an IAM user and use its key instead`,
    )
  }
  if (caller.kind !== 'user') {
    throw new UsageError('NOT_A_USER', `profile "${request.profile}" does not belong to an IAM user (${identity.arn}); iamkit init needs an IAM user's access key`)
  }

  const devices = await deps.iam.listMfaDevices(keys, caller.userName)
  const usable = devices.map((d) => d.serialNumber).filter((serial) => !SECURITY_KEY.test(serial))
  const skipped = devices.length - usable.length
  if (skipped > 0) deps.reporter.warn(`${skipped} FIDO security key(s) skipped: AWS accepts only virtual or hardware TOTP devices for CLI sessions`)
  const mfaSerial = await chooseSerial(request, usable, caller.userName, deps)

  // updateCredentials rewrites the file only when its text changed.
  const changed = await deps.store.updateCredentials((document) => {
    const section = credentialsSection(request.profile)
    const before = document.toString()
    document.set(section, 'username', caller.userName)
    if (mfaSerial) document.set(section, 'mfa_serial', mfaSerial)
    return document.toString() !== before
  })
  if (!mfaSerial) {
    deps.reporter.warn(`IAM user ${caller.userName} has no MFA device; assign one in the IAM console, then run "iamkit init ${request.profile}" again`)
  }
  return { profile: request.profile, account: identity.account, arn: identity.arn, username: caller.userName, mfaSerial: mfaSerial ?? null, changed }
}

// IAM's SerialNumber: a device ARN or a hardware token's serial, 9–256 of these characters.
const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/

function assertSerialNumber(serial: string): void {
  if (!SERIAL_NUMBER.test(serial)) {
    throw new UsageError('BAD_MFA_SERIAL', `--mfa-serial ${echo(serial)} is not an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) or a hardware token's serial number`)
  }
}

async function chooseSerial(request: InitRequest, serials: string[], userName: string, deps: InitDeps): Promise<string | undefined> {
  if (request.mfaSerial) {
    if (!serials.includes(request.mfaSerial)) {
      throw new UsageError(
        'UNKNOWN_MFA_DEVICE',
        `--mfa-serial ${request.mfaSerial} is not an MFA device of ${userName}` + (serials.length ? ` (devices: ${serials.join(', ')})` : ' (the user has none)'),
      )
    }
    return request.mfaSerial
  }
  if (serials.length <= 1) return serials[0]
  if (deps.chooseDevice) return deps.chooseDevice(serials)
  throw new UsageError('SEVERAL_MFA_DEVICES', `${userName} has ${serials.length} MFA devices (${serials.join(', ')}); pick one with --mfa-serial`)
}
