import type { Credentials } from '../aws/switchable-credentials.js'
import type { Profile } from '../profiles/profile.js'
import { longTermKeys } from '../profiles/profile-keys.js'

/**
 * Where a user profile's long-term access key lives. `status` shows it; the MFA-session source
 * loads the key only when it really trades it for a session (a vault may ask for a passphrase).
 * A new store (issue 13: the OS keychain, an encrypted file) is one more kind and one more case
 * in `longTermKeySource`.
 */
export type KeyStoreKind = 'file'

export interface LongTermKeySource {
  /** Undefined: the profile names no long-term key (load then says how to add one). */
  store: KeyStoreKind | undefined
  load(): Promise<Credentials>
}

export function longTermKeySource(profile: Profile): LongTermKeySource {
  return { store: keyStoreOf(profile), load: async () => longTermKeys(profile) }
}

/** Where the profile's long-term key lives, read from its settings without touching the secret. */
export function keyStoreOf(profile: Profile): KeyStoreKind | undefined {
  return profile.settings.aws_access_key_id ? 'file' : undefined
}
