import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { AwsClients } from '../../../src/aws/clients.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'

const NAMES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_REGION']
let saved: Record<string, string | undefined>
beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]))
  for (const n of NAMES) delete process.env[n]
})
afterEach(() => {
  for (const [n, v] of Object.entries(saved)) if (v === undefined) delete process.env[n]
  else process.env[n] = v
})

async function endpointOf(client: { config: { endpoint?: () => Promise<unknown> } } & object): Promise<string> {
  const provider = (client as { config: { endpointProvider: (p: object) => { url: URL } } }).config
  const region = await (client as unknown as { config: { region: () => Promise<string> } }).config.region()
  return provider.endpointProvider({ Region: region, Endpoint: await endpointUrl(client) }).url.toString()
}

async function endpointUrl(client: object): Promise<string | undefined> {
  const endpoint = (client as { config: { endpoint?: () => Promise<{ hostname: string; port?: number; protocol: string }> } }).config.endpoint
  if (!endpoint) return undefined
  const e = await endpoint()
  return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}/`
}

describe('AwsClients for IAM Identity Center', () => {
  it('builds the portal and OIDC clients in the sso_region, not the profile region, one per region', async () => {
    const clients = new AwsClients({ region: 'us-east-1' })
    const sso = await clients.sso('eu-west-1')
    expect(await clients.sso('eu-west-1')).toBe(sso)
    expect(await endpointOf(sso)).toBe('https://portal.sso.eu-west-1.amazonaws.com/')
    expect(await endpointOf(await clients.ssoOidc('ap-south-1'))).toBe('https://oidc.ap-south-1.amazonaws.com/')
    await clients.destroy()
  })

  it('honours AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC, each for its own service', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1'
    process.env.AWS_ENDPOINT_URL_SSO = 'http://127.0.0.1:2'
    process.env.AWS_ENDPOINT_URL_SSO_OIDC = 'http://127.0.0.1:3'
    const clients = new AwsClients({})
    expect(await endpointUrl(await clients.sso('eu-west-1'))).toBe('http://127.0.0.1:2/')
    expect(await endpointUrl(await clients.ssoOidc('eu-west-1'))).toBe('http://127.0.0.1:3/')
    await clients.destroy()
  })
})

describe('ProfileSnapshot and [sso-session] sections', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamkit-sso-sections-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('reads an sso-session with the SDK loader and does not list it (or [services]) as a profile', async () => {
    await writeFile(join(dir, 'config'), '[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\n')
    const snapshot = await new ProfileStore({ credentials: join(dir, 'credentials'), config: join(dir, 'config') }).read()
    expect(snapshot.names()).toEqual(['dev'])
    expect(snapshot.ssoSession('corp')).toEqual({ sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'eu-west-1' })
    expect(snapshot.ssoSession('other')).toBeUndefined()
    expect(snapshot.profile('sso-session.corp')).toBeUndefined()
  })
})
