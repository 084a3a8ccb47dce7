/**
 * Where a user profile's long-term access key lives, and how it is loaded: the key store's
 * `ProfileKey` (src/profiles/key-store.ts), which covers the credentials file and the vault
 * backends (src/vault/). `status` shows `store`; the MFA-session source calls `load()` only when
 * it really trades the key for a session (a vault may ask for a passphrase).
 */
export type { KeyHome as KeyStoreKind, ProfileKey as LongTermKeySource } from '../profiles/key-store.js'
export { keyHomeOf as keyStoreOf } from '../profiles/key-store.js'
