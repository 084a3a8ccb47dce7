import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { AwsClients } from '../../../src/aws/clients.js'
import { SsoGateway } from '../../../src/aws/sso-gateway.js'
import { SsoOidcGateway } from '../../../src/aws/sso-oidc-gateway.js'
import type { Reporter } from '../../../src/reporter.js'
import type { SsoRoleConfig } from '../../../src/sso/sso-config.js'
import type { SsoServices } from '../../../src/sso/sso-role-session.js'
import { SsoTokenCache } from '../../../src/sso/token-cache.js'
import { FakeClock } from '../../support/fake-clock.js'

export const NOW = new Date('2026-11-22T10:00:00Z')

export const CONFIG: SsoRoleConfig = {
  profile: 'sso-dev',
  sessionName: 'dev',
  startUrl: 'https://corp.awsapps.com/start',
  region: 'eu-west-1',
  registrationScopes: ['sso:account:access'],
  accountId: '123456789012',
  roleName: 'Developer',
}

/** A token cache in a temporary folder, real gateways (answered by aws-sdk-client-mock), a fake clock. */
export class SsoFixture {
  readonly messages: string[] = []
  readonly reporter: Reporter = {
    info: (m) => this.messages.push(`info: ${m}`),
    warn: (m) => this.messages.push(`warn: ${m}`),
    debug: (m) => this.messages.push(`debug: ${m}`),
  }
  readonly clock = new FakeClock(NOW)
  readonly opened: string[] = []

  private constructor(
    readonly dir: string,
    readonly cache: SsoTokenCache,
    readonly clients: AwsClients,
  ) {}

  static async create(): Promise<SsoFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'iamkit-sso-'))
    // Outside ~/.aws the writer creates no folders: the test's cache folder exists, like ~/.aws/sso/cache would.
    await mkdir(join(dir, 'sso', 'cache'), { recursive: true, mode: 0o700 })
    return new SsoFixture(dir, new SsoTokenCache(join(dir, 'sso', 'cache')), new AwsClients({ maxAttempts: 1 }))
  }

  get services(): SsoServices {
    return { oidc: (region) => new SsoOidcGateway(this.clients, region), portal: (region) => new SsoGateway(this.clients, region) }
  }

  get oidc(): SsoOidcGateway {
    return this.services.oidc(CONFIG.region)
  }

  person = { openUrl: async (url: string) => (this.opened.push(url), true) }

  tokenPath(name = '34c6fceca75e456f25e7e99531e2425c6c1de443'): string {
    return join(this.cache.dir, `${name}.json`)
  }

  async writeToken(token: Record<string, unknown>, name?: string): Promise<void> {
    await mkdir(this.cache.dir, { recursive: true })
    await writeFile(this.tokenPath(name), JSON.stringify(token))
  }

  async readToken(name?: string): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(this.tokenPath(name), 'utf8'))
  }

  async dispose(): Promise<void> {
    await this.clients.destroy()
    await rm(this.dir, { recursive: true, force: true })
  }
}

/** An SDK service error as the SDK builds it from an answer: a name and an HTTP status. */
export function serviceError(name: string, status = 400): Error {
  return Object.assign(new Error(name), { name, $fault: 'client', $metadata: { httpStatusCode: status } })
}

export function minutesFromNow(minutes: number): string {
  return new Date(NOW.getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z')
}
