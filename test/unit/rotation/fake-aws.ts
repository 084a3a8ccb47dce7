import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  LimitExceededException,
  ListAccessKeysCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'

import { AwsClients } from '../../../src/aws/clients.js'
import { IamGateway } from '../../../src/aws/iam-gateway.js'
import { StsGateway } from '../../../src/aws/sts-gateway.js'
import { SwitchableCredentials } from '../../../src/aws/switchable-credentials.js'
import type { Reporter } from '../../../src/reporter.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { FakeClock } from '../../support/fake-clock.js'
import type { RotationDeps } from '../../../src/rotation/rotation-deps.js'

export const USER_ARN = 'arn:aws:iam::123456789012:user/eng/alice'
export const OLD_KEY = { accessKeyId: 'AKIATESTOLD000000001', secretAccessKey: 'old-secret-TEST-000000000000000000000001' }
export const SESSION = { accessKeyId: 'ASIATESTSESSION00001', secretAccessKey: 'session-secret-TEST-0000000000000000001', sessionToken: 'session-token-TEST-000001' }
export const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice-phone'

export const CREDENTIALS_TEXT = `# team keys: do not share
[default]
aws_access_key_id = ${OLD_KEY.accessKeyId}
aws_secret_access_key = ${OLD_KEY.secretAccessKey}
region = eu-west-1

; a second profile that rotate must not touch
[other]
aws_access_key_id = AKIATESTOTHER0000001
aws_secret_access_key = other-secret-TEST-00000000000000000001
`

export interface FakeKey {
  accessKeyId: string
  secretAccessKey: string
  status: 'Active' | 'Inactive'
  createDate: Date
  lastUsed?: Date
}

export interface SentCall {
  /** `iam:CreateAccessKey`, as WORKFLOW_CALLS names calls. */
  call: string
  /** The access key id the call was signed with. */
  signer: string
  input: Record<string, unknown>
}

/** Makes an error shaped like the SDK's for a code AWS answers with. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' as const })
}

/**
 * A stateful stand-in for one IAM user's keys behind aws-sdk-client-mock: keys are created,
 * deactivated and deleted for real, GetCallerIdentity knows which keys exist, and every call
 * is recorded with the key that signed it. Faults are injected per call.
 */
export class FakeAws {
  readonly keys: FakeKey[] = []
  readonly sent: SentCall[] = []
  /** Per new key: how many GetCallerIdentity calls fail before AWS "knows" it. */
  propagationFailures = 0
  /** Faults by call name, consumed in order; `undefined` entries pass. */
  readonly faults = new Map<string, (Error | undefined)[]>()
  /** Called before a call is answered, e.g. to inspect the disk mid-rotation. */
  onCall?: (call: SentCall) => void | Promise<void>
  /** Makes CreateAccessKey create the key and then lose its answer. */
  loseCreateAnswer = false
  /** Who GetCallerIdentity says the keys belong to. */
  callerArn = USER_ARN
  private created = 0
  private unknownFor = new Map<string, number>()
  private readonly iamMock = mockClient(IAMClient)
  private readonly stsMock = mockClient(STSClient)

  constructor(
    readonly identity: SwitchableCredentials,
    readonly clock: FakeClock,
  ) {
    this.keys.push({ ...OLD_KEY, status: 'Active', createDate: new Date(clock.now().getTime() - 200 * 86_400_000) })
    this.install()
  }

  restore(): void {
    this.iamMock.restore()
    this.stsMock.restore()
  }

  fail(call: string, ...errors: (Error | undefined)[]): void {
    this.faults.set(call, errors)
  }

  activeKeys(): string[] {
    return this.keys.filter((k) => k.status === 'Active').map((k) => k.accessKeyId)
  }

  secretOf(accessKeyId: string): string | undefined {
    return this.keys.find((k) => k.accessKeyId === accessKeyId)?.secretAccessKey
  }

  calls(): string[] {
    return this.sent.map((s) => s.call)
  }

  /** Every command sent to the mocked clients, answered by a fake or not: `iam:CreateAccessKey`, … */
  everyCommandSent(): string[] {
    const name = (service: string, command: unknown) => `${service}:${(command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')}`
    return [...this.iamMock.calls().map((c) => name('iam', c.args[0])), ...this.stsMock.calls().map((c) => name('sts', c.args[0]))]
  }

  private install(): void {
    const handle = (call: string, answer: (input: Record<string, unknown>, signer: string) => unknown) => async (input: Record<string, unknown>) => {
      const signer = this.identity.current.accessKeyId
      const sent = { call, signer, input }
      this.sent.push(sent)
      await this.onCall?.(sent)
      const queue = this.faults.get(call)
      const fault = queue?.shift()
      // Tagged with the call, as the client factory's middleware tags real failures.
      if (fault) throw Object.assign(fault, { $operation: (fault as { $operation?: string }).$operation ?? call })
      this.authenticate(signer, call)
      return answer(input, signer)
    }
    this.stsMock.on(GetCallerIdentityCommand).callsFake(
      handle('sts:GetCallerIdentity', (_input, signer) => ({ Account: '123456789012', Arn: this.callerArn, UserId: 'AIDATESTALICE' + signer.slice(-4) })),
    )
    this.stsMock.on(GetSessionTokenCommand).callsFake(
      handle('sts:GetSessionToken', () => ({ Credentials: { ...toAws(SESSION), SessionToken: SESSION.sessionToken, Expiration: new Date(this.clock.now().getTime() + 900_000) } })),
    )
    this.iamMock.on(ListAccessKeysCommand).callsFake(
      handle('iam:ListAccessKeys', () => ({
        AccessKeyMetadata: this.keys.map((k) => ({ UserName: 'alice', AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
        IsTruncated: false,
      })),
    )
    this.iamMock.on(GetAccessKeyLastUsedCommand).callsFake(
      handle('iam:GetAccessKeyLastUsed', (input) => {
        const key = this.key(String(input.AccessKeyId))
        return { UserName: 'alice', AccessKeyLastUsed: key.lastUsed ? { LastUsedDate: key.lastUsed, ServiceName: 'iam', Region: 'us-east-1' } : { ServiceName: 'N/A', Region: 'N/A' } }
      }),
    )
    this.iamMock.on(CreateAccessKeyCommand).callsFake(
      handle('iam:CreateAccessKey', () => {
        if (this.keys.length >= 2) throw new LimitExceededException({ message: 'Cannot exceed quota for AccessKeysPerUser: 2', $metadata: { httpStatusCode: 409 } })
        this.created += 1
        const key: FakeKey = {
          accessKeyId: `AKIATESTNEW${String(this.created).padStart(9, '0')}`,
          secretAccessKey: `new-secret-TEST-${String(this.created).padStart(24, '0')}`,
          status: 'Active',
          createDate: this.clock.now(),
        }
        this.keys.push(key)
        this.unknownFor.set(key.accessKeyId, this.propagationFailures)
        if (this.loseCreateAnswer) throw awsError('ECONNRESET', 'socket hang up')
        return { AccessKey: { UserName: 'alice', ...toAws(key), Status: key.status, CreateDate: key.createDate } }
      }),
    )
    this.iamMock.on(UpdateAccessKeyCommand).callsFake(
      handle('iam:UpdateAccessKey', (input) => {
        this.key(String(input.AccessKeyId)).status = input.Status as 'Active' | 'Inactive'
        return {}
      }),
    )
    this.iamMock.on(DeleteAccessKeyCommand).callsFake(
      handle('iam:DeleteAccessKey', (input) => {
        const key = this.key(String(input.AccessKeyId))
        this.keys.splice(this.keys.indexOf(key), 1)
        return {}
      }),
    )
  }

  /** AWS's view of the signing key: unknown, inactive and unpropagated keys are refused. */
  private authenticate(signer: string, call: string): void {
    if (signer === SESSION.accessKeyId) return
    const key = this.keys.find((k) => k.accessKeyId === signer)
    if (!key || key.status !== 'Active') throw awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
    const unknown = this.unknownFor.get(signer) ?? 0
    if (unknown > 0 && call === 'sts:GetCallerIdentity') {
      this.unknownFor.set(signer, unknown - 1)
      throw awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
    }
    key.lastUsed = this.clock.now()
  }

  private key(accessKeyId: string): FakeKey {
    const key = this.keys.find((k) => k.accessKeyId === accessKeyId)
    if (!key) throw new NoSuchEntityException({ message: `The Access Key with id ${accessKeyId} cannot be found.`, $metadata: { httpStatusCode: 404 } })
    return key
  }
}

function toAws(key: { accessKeyId: string; secretAccessKey: string }) {
  return { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }
}

export class RecordingReporter implements Reporter {
  readonly lines: string[] = []
  info(message: string) {
    this.lines.push(message)
  }
  warn(message: string) {
    this.lines.push(`warning: ${message}`)
  }
  debug() {}
}

export interface Rig {
  dir: string
  store: ProfileStore
  aws: FakeAws
  clock: FakeClock
  reporter: RecordingReporter
  deps: RotationDeps
  mfaCodes: string[]
  dispose(): Promise<void>
}

/** A temporary credentials file, the fake account and the rotation's dependencies. */
export async function rig(options: { credentials?: string; confirm?: (q: string) => Promise<boolean> } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'iamkit-rotate-unit-'))
  const paths = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
  await writeFile(paths.credentials, options.credentials ?? CREDENTIALS_TEXT, { mode: 0o600 })
  const store = new ProfileStore(paths)
  const identity = new SwitchableCredentials({ accessKeyId: '', secretAccessKey: '' })
  const clients = new AwsClients({ region: 'us-east-1', credentials: identity })
  const clock = new FakeClock()
  const aws = new FakeAws(identity, clock)
  const reporter = new RecordingReporter()
  const mfaCodes: string[] = []
  const deps: RotationDeps = {
    store,
    sts: new StsGateway(clients, identity),
    iam: new IamGateway(clients, identity),
    mfaCode: async (serial) => {
      mfaCodes.push(serial)
      return '123456'
    },
    ...(options.confirm ? { confirm: options.confirm } : {}),
    reporter,
    clock,
    poll: { timeoutMs: 60_000, firstDelayMs: 1_000, maxDelayMs: 8_000 },
  }
  return {
    dir,
    store,
    aws,
    clock,
    reporter,
    deps,
    mfaCodes,
    async dispose() {
      aws.restore()
      await clients.destroy()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
