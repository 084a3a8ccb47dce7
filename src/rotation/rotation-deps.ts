import type { IamGateway } from '../aws/iam-gateway.js'
import type { StsGateway } from '../aws/sts-gateway.js'
import type { Reporter } from '../reporter.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import type { KeyStore } from '../profiles/key-store.js'
import type { ProfileStore } from '../profiles/profile-store.js'
import type { Clock } from '../clock.js'
import type { PollLimits } from './propagation.js'

/** Everything a rotation talks to, handed in so tests can give fakes. */
export interface RotationDeps {
  store: ProfileStore
  /** Where the profile's key is read and step 6 writes it (files or a vault); the credentials file by default. */
  keys?: KeyStore
  sts: StsGateway
  iam: IamGateway
  mfaCode: MfaCodeSource
  /** Asks the person to go ahead; absent when there is no terminal (cron never waits). */
  confirm?: (question: string) => Promise<boolean>
  reporter: Reporter
  clock: Clock
  poll?: Partial<PollLimits>
  /** Fault injection for the crash tests (IAMKIT_TEST_KILL_AT): called at each named step. */
  checkpoint?: (step: RotationStep) => void
}

/** Where a crash test can stop a rotation: `journaled` is just before iam:CreateAccessKey. */
export type RotationStep = 'journaled'
