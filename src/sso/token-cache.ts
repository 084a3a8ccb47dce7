import { createHash } from 'node:crypto'
import { readFile, unlink } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

import { SystemError } from '../errors.js'
import { writeFileAtomically } from '../profiles/atomic-write.js'
import { withFileLock } from '../profiles/file-lock.js'
import { registerSecret } from '../redact.js'
import type { SsoConfig } from './sso-config.js'

/**
 * An IAM Identity Center access token as the AWS CLI v2 and the SDKs cache it. The client
 * registration travels with it, so whoever finds the token can also refresh it.
 */
export interface SsoToken {
  startUrl: string
  region: string
  accessToken: string
  expiresAt: Date
  refreshToken?: string
  clientId?: string
  clientSecret?: string
  registrationExpiresAt?: Date
}

/** A token read from the cache, with the fields other tools wrote that iamkit keeps as they are. */
export interface CachedSsoToken extends SsoToken {
  path: string
  others: Record<string, unknown>
}

const KNOWN = new Set(['startUrl', 'region', 'accessToken', 'expiresAt', 'refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt'])

/**
 * `~/.aws/sso/cache`, shared with the AWS CLI and the SDKs. A token's file is named
 * `<sha1 of the sso-session name>.json`, or for the legacy form `<sha1 of the start URL>.json`
 * (botocore's SSOTokenLoader and the JS SDK's getSSOTokenFilepath use the same rule).
 */
export class SsoTokenCache {
  constructor(readonly dir: string) {}

  /** The cache the AWS CLI uses: `$HOME/.aws/sso/cache` (HOME as botocore's `~` and the JS SDK read it). */
  static forHome(env: NodeJS.ProcessEnv = process.env): SsoTokenCache {
    return new SsoTokenCache(join(env.HOME || env.USERPROFILE || homedir(), '.aws', 'sso', 'cache'))
  }

  pathFor(config: Pick<SsoConfig, 'sessionName' | 'startUrl'>): string {
    return join(this.dir, `${sha1(config.sessionName ?? config.startUrl)}.json`)
  }

  /**
   * The cached token, or undefined when there is none or it is not a token (no accessToken or
   * expiresAt, unreadable JSON): botocore treats such a file as "no token" too.
   */
  async read(config: Pick<SsoConfig, 'sessionName' | 'startUrl'>): Promise<CachedSsoToken | undefined> {
    const path = this.pathFor(config)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new SystemError('SSO_CACHE_UNREADABLE', `cannot read the IAM Identity Center token cache ${path}: ${(err as Error).message}`, { cause: err })
    }
    return parseToken(path, text)
  }

  /** Writes the token where the AWS CLI looks for it: atomically, mode 0600, folders 0700. */
  async write(config: Pick<SsoConfig, 'sessionName' | 'startUrl'>, token: SsoToken, others: Record<string, unknown> = {}): Promise<string> {
    const path = this.pathFor(config)
    await writeFileAtomically(path, serializeToken(token, others))
    return path
  }

  /** Removes the token file; false when there was none. */
  async remove(config: Pick<SsoConfig, 'sessionName' | 'startUrl'>): Promise<boolean> {
    try {
      await unlink(this.pathFor(config))
      return true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw err
    }
  }

  /**
   * Runs `work` holding this token's lock, so concurrent iamkit processes refresh it once;
   * `onWait` hears "waiting for …" when another holds it past a second.
   */
  withLock<T>(config: Pick<SsoConfig, 'sessionName' | 'startUrl'>, work: () => Promise<T>, onWait?: (line: string) => void): Promise<T> {
    return withFileLock(this.pathFor(config), work, onWait ? { onWait } : {})
  }
}

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex')
}

function parseToken(path: string, text: string): CachedSsoToken | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!raw || typeof raw !== 'object') return undefined
  const data = raw as Record<string, unknown>
  const expiresAt = parseCacheTime(data.expiresAt)
  if (typeof data.accessToken !== 'string' || !data.accessToken || !expiresAt) return undefined
  for (const secret of [data.accessToken, data.refreshToken, data.clientSecret]) if (typeof secret === 'string') registerSecret(secret)
  const registrationExpiresAt = parseCacheTime(data.registrationExpiresAt)
  const str = (key: string) => (typeof data[key] === 'string' && data[key] ? (data[key] as string) : undefined)
  return {
    path,
    startUrl: str('startUrl') ?? '',
    region: str('region') ?? '',
    accessToken: data.accessToken,
    expiresAt,
    ...(str('refreshToken') ? { refreshToken: str('refreshToken') } : {}),
    ...(str('clientId') ? { clientId: str('clientId') } : {}),
    ...(str('clientSecret') ? { clientSecret: str('clientSecret') } : {}),
    ...(registrationExpiresAt ? { registrationExpiresAt } : {}),
    others: Object.fromEntries(Object.entries(data).filter(([key]) => !KNOWN.has(key))),
  }
}

/** The fields in the AWS CLI v2's order, times as it writes them (`2026-11-22T13:00:00Z`). */
function serializeToken(token: SsoToken, others: Record<string, unknown>): string {
  const document: Record<string, unknown> = {
    ...others,
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatCacheTime(token.expiresAt),
    ...(token.clientId ? { clientId: token.clientId } : {}),
    ...(token.clientSecret ? { clientSecret: token.clientSecret } : {}),
    ...(token.registrationExpiresAt ? { registrationExpiresAt: formatCacheTime(token.registrationExpiresAt) } : {}),
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

export function formatCacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Times as the AWS tools have written them: ISO 8601 with `Z` or an offset, botocore's older
 * `…UTC` suffix, and a bare time, which they mean as UTC.
 */
export function parseCacheTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value) return undefined
  let text = value.trim().replace(/\s*UTC$/i, 'Z')
  if (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text += 'Z'
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : new Date(time)
}
