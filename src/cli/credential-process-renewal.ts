import { mfaCodeSource } from '../mfa/mfa-code-source.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import { credentialProcessSession } from '../session/credential-process.js'
import type { SessionCredentials } from '../session/session-credentials.js'
import type { CredentialProcessFlags } from './credential-process-output.js'
import { keyStoreFromFlags } from './key-store-from-flags.js'
import { profileAws } from './profile-aws.js'
import { ssoContext } from './sso-context.js'

/** credential-process when the stored session will not do: the whole list of session sources. */
export async function renewedCredentialProcessSession(
  profile: string,
  files: { store: ProfileStore; snapshot: ProfileSnapshot },
  flags: CredentialProcessFlags,
  reporter: Reporter,
): Promise<SessionCredentials> {
  const aws = profileAws(files.snapshot, profile, flags, reporter)
  try {
    // mfaCodeSource({}) has no flags and no prompt: it answers only from a profile's mfa_process.
    // No person: an SSO token is used or renewed with its refresh token, never signed in anew.
    const sso = ssoContext(aws.sso, { browser: false, person: false })
    // No prompt either for a vault's passphrase: IAMKIT_VAULT_PASSPHRASE or vault_passphrase_process.
    const keys = keyStoreFromFlags(files.store, {}, { prompt: false })
    return await credentialProcessSession(profile, { ...files, keys, sts: aws.sts, codes: mfaCodeSource({}), sso, reporter })
  } finally {
    await aws.clients.destroy()
  }
}
