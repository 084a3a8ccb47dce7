import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { ClientRegistration, SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import type { Clock } from '../clock.js'
import { writeFileAtomically } from '../profiles/atomic-write.js'
import { registerSecret } from '../redact.js'
import type { SsoConfig } from './sso-config.js'
import { formatCacheTime, parseCacheTime, sha1, type SsoTokenCache } from './token-cache.js'

/** A registration this close to its expiry is replaced rather than used (botocore's window). */
const REGISTRATION_MARGIN_MS = 15 * 60 * 1000

/**
 * The OIDC client iamkit registers with IAM Identity Center for the device flow, kept in the
 * token cache folder like the AWS CLI keeps its own (a registration lasts about 90 days), but
 * under iamkit's own name so neither tool ever uses the other's client.
 */
export async function clientRegistration(config: SsoConfig, deps: { cache: SsoTokenCache; oidc: SsoOidcGateway; clock: Clock }): Promise<ClientRegistration> {
  const path = registrationPath(deps.cache, config)
  const cached = await readRegistration(path)
  if (cached && cached.expiresAt.getTime() - deps.clock.now().getTime() > REGISTRATION_MARGIN_MS) return cached
  const clientName = `iamkit-${config.sessionName ?? Math.floor(deps.clock.now().getTime() / 1000)}`
  const registration = await deps.oidc.registerClient(clientName, config.registrationScopes)
  await writeFileAtomically(
    path,
    `${JSON.stringify({ clientId: registration.clientId, clientSecret: registration.clientSecret, expiresAt: formatCacheTime(registration.expiresAt), ...(registration.scopes ? { scopes: registration.scopes } : {}) }, null, 2)}\n`,
  )
  return registration
}

function registrationPath(cache: SsoTokenCache, config: SsoConfig): string {
  const key = JSON.stringify({ region: config.region, scopes: config.registrationScopes, sessionName: config.sessionName ?? null, startUrl: config.startUrl, tool: 'iamkit' })
  return join(cache.dir, `${sha1(key)}.json`)
}

async function readRegistration(path: string): Promise<ClientRegistration | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    const expiresAt = parseCacheTime(data.expiresAt)
    if (typeof data.clientId !== 'string' || typeof data.clientSecret !== 'string' || !expiresAt) return undefined
    registerSecret(data.clientSecret)
    return { clientId: data.clientId, clientSecret: data.clientSecret, expiresAt }
  } catch {
    // Missing or unreadable: register a new client.
    return undefined
  }
}
