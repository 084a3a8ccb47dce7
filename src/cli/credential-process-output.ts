import { mfaCodeSource } from '../mfa/mfa-code-source.js'
import { ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import { credentialProcessSession } from '../session/credential-process.js'
import { credentialProcessDocument } from '../session/session-credentials.js'
import { profileAws } from './profile-aws.js'
import { ssoContext } from './sso-context.js'

export interface CredentialProcessFlags {
  region?: string
  'endpoint-url'?: string
  timeout?: number
  debug?: boolean
}

/**
 * What `iamkit credential-process` prints, shared by the oclif command and bin/run.js's fast
 * path (which answers without loading oclif): the same files read once, the same sources.
 */
export async function credentialProcessDocumentFor(profile: string, flags: CredentialProcessFlags, reporter: Reporter) {
  const store = new ProfileStore()
  const snapshot = await store.read()
  const aws = profileAws(snapshot, profile, flags, reporter)
  try {
    // mfaCodeSource({}) has no flags and no prompt: it answers only from a profile's mfa_process.
    // No person: an SSO token is used or renewed with its refresh token, never signed in anew.
    const sso = ssoContext(aws.sso, { browser: false, person: false })
    const session = await credentialProcessSession(profile, { snapshot, store, sts: aws.sts, codes: mfaCodeSource({}), sso, reporter })
    return credentialProcessDocument(session)
  } finally {
    await aws.clients.destroy()
  }
}
