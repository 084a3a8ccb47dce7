import type { Credentials } from '../aws/switchable-credentials.js'

/** Temporary credentials from STS: always a token and an expiry. */
export interface SessionCredentials extends Credentials {
  sessionToken: string
  expiration: Date
}

/** A cached session is reused only while it has at least this long to live (SPEC §3). */
export const REUSE_WINDOW_MS = 15 * 60 * 1000

export function isReusable(session: SessionCredentials, now: Date): boolean {
  return session.expiration.getTime() - now.getTime() >= REUSE_WINDOW_MS
}

/** A session that only signs a call made now (a role's source) needs a minute, not fifteen. */
export const SIGNING_MARGIN_MS = 60 * 1000

export function isUsableToSign(session: SessionCredentials, now: Date): boolean {
  return session.expiration.getTime() - now.getTime() >= SIGNING_MARGIN_MS
}

export function isExpired(session: SessionCredentials, now: Date): boolean {
  return session.expiration.getTime() <= now.getTime()
}

/** ISO 8601 UTC without milliseconds: `2026-11-22T13:00:00Z`. */
export function formatExpiration(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The document that `credential_process` must print (Version 1). */
export function credentialProcessDocument(session: SessionCredentials) {
  return {
    Version: 1 as const,
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: formatExpiration(session.expiration),
  }
}

/** The variables that the AWS CLI and SDKs read credentials from. */
export function sessionEnvironment(session: SessionCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: session.accessKeyId,
    AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
    AWS_SESSION_TOKEN: session.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: formatExpiration(session.expiration),
  }
}

/** `export NAME='value'` lines for `eval "$(iamkit login NAME --format env)"`. */
export function shellExports(session: SessionCredentials): string {
  return Object.entries(sessionEnvironment(session))
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n')
}
