import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { AwsClients } from '../../src/aws/clients.js'
import { IamGateway } from '../../src/aws/iam-gateway.js'
import { StsGateway } from '../../src/aws/sts-gateway.js'
import { SwitchableCredentials } from '../../src/aws/switchable-credentials.js'
import type { Reporter } from '../../src/reporter.js'
import { ProfileStore } from '../../src/profiles/profile-store.js'

/**
 * Real services over temporary profile files, with AWS answered by aws-sdk-client-mock: the
 * gateways and clients are the production ones, only `send` is intercepted.
 */
export class ServiceFixture {
  readonly messages: string[] = []
  readonly reporter: Reporter = {
    info: (m) => this.messages.push(`info: ${m}`),
    warn: (m) => this.messages.push(`warn: ${m}`),
    debug: (m) => this.messages.push(`debug: ${m}`),
  }

  private constructor(
    readonly dir: string,
    readonly store: ProfileStore,
    readonly clients: AwsClients,
    readonly sts: StsGateway,
    readonly iam: IamGateway,
  ) {}

  static async create(): Promise<ServiceFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'iamkit-svc-'))
    const store = new ProfileStore({ credentials: join(dir, 'credentials'), config: join(dir, 'config') })
    const identity = new SwitchableCredentials({ accessKeyId: '', secretAccessKey: '' })
    const clients = new AwsClients({ region: 'us-east-1', credentials: identity, maxAttempts: 1 })
    return new ServiceFixture(dir, store, clients, new StsGateway(clients, identity), new IamGateway(clients, identity))
  }

  writeCredentials(text: string): Promise<void> {
    return writeFile(this.store.paths.credentials, text, { mode: 0o600 })
  }

  writeConfig(text: string): Promise<void> {
    return writeFile(this.store.paths.config, text)
  }

  readCredentials(): Promise<string> {
    return readFile(this.store.paths.credentials, 'utf8')
  }

  async dispose(): Promise<void> {
    await this.clients.destroy()
    await rm(this.dir, { recursive: true, force: true })
  }
}

export const USER_KEYS = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\nusername = alice\n'

/** STS-shaped temporary credentials that expire `minutes` after `now`. */
export function stsCredentials(n: number, now: Date, minutes = 60) {
  return {
    AccessKeyId: `ASIAFAKEFAKEFAKE${String(n).padStart(4, '0')}`,
    SecretAccessKey: `fakeSessionSecretForTests${String(n).padStart(15, '0')}`,
    SessionToken: `FakeSessionToken${n}${'x'.repeat(40)}`,
    Expiration: new Date(now.getTime() + minutes * 60_000),
  }
}
