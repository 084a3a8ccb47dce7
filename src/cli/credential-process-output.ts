import type { ProfileTexts } from '../profiles/profile-snapshot.js'
import { ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import { reusableStoredSession } from '../session/session-cache.js'
import { credentialProcessDocument } from '../session/session-credentials.js'

export interface CredentialProcessFlags {
  region?: string
  'endpoint-url'?: string
  timeout?: number
  debug?: boolean
}

/**
 * What `iamkit credential-process` prints, shared by the oclif command and bin/run.js's fast
 * path (which answers without loading oclif): the same files read once, the same sources.
 * The first source, a stored session with 15 minutes left, is answered before the others (and
 * the AWS SDK, the SSO and MFA code) are even loaded: that is what almost every call needs.
 * `read`: the files' text as this process already read them (bin/run.js's fast path).
 */
export async function credentialProcessDocumentFor(profile: string, flags: CredentialProcessFlags, reporter: Reporter, read?: ProfileTexts) {
  const store = new ProfileStore(undefined, { reporter, read })
  const snapshot = await store.read()
  const stored = reusableStoredSession(snapshot, profile, new Date())
  if (stored) return credentialProcessDocument(stored)
  const { renewedCredentialProcessSession } = await import('./credential-process-renewal.js')
  return credentialProcessDocument(await renewedCredentialProcessSession(profile, { store, snapshot }, flags, reporter))
}
