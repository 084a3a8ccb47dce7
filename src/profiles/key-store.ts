import type { Credentials } from '../aws/switchable-credentials.js'
import { SystemError } from '../errors.js'
import { credentialsSection, type Profile } from './profile.js'
import { longTermKeys } from './profile-keys.js'
import type { ProfileStore } from './profile-store.js'

/**
 * Where a profile's long-term key lives (SPEC §4 `status`, §8): the credentials file, the OS
 * keychain, or iamkit's encrypted vault file. The profile's `iamkit_vault` setting decides.
 */
export type KeyHome = 'file' | 'keychain' | 'encrypted file'

/** Read from the settings alone, touching no secret; undefined when the profile names no long-term key. */
export function keyHomeOf(profile: Profile): KeyHome | undefined {
  const vault = profile.settings.iamkit_vault
  if (vault === 'keychain') return 'keychain'
  if (vault === 'file') return 'encrypted file'
  return profile.settings.aws_access_key_id ? 'file' : undefined
}

/**
 * The secrets a rotation journals (SPEC §5 step 4) when they must not sit in the journal file
 * in plain text: kept by the same store as the profile's key, under an entry of their own.
 */
export interface JournalSecrets {
  /** Recorded in the journal so a later run knows where to look: `keychain` or `file`. */
  readonly kind: string
  write(secrets: Record<string, string>): Promise<void>
  read(): Promise<Record<string, string> | undefined>
  remove(): Promise<void>
}

/**
 * One profile's long-term key, wherever it lives. Nothing is read until `load`: a vault may ask
 * for a passphrase, and a session source needs the key only when it makes a new session.
 */
export interface ProfileKey {
  /** What `status` shows; undefined when the profile names no key (`load` then says how to add one). */
  readonly store: KeyHome | undefined
  /** Where, in words for messages: "[default] of ~/.aws/credentials", "the OS keychain", a path. */
  readonly location: string
  /** The key, or a usage error saying why the profile has none (NO_KEYS, SESSION_KEYS). */
  load(): Promise<Credentials>
  /** A fresh look at which key is held now (after a failed write, rotate must know). */
  heldKeyId(): Promise<string | undefined>
  /** Rotate's step 6: `key` replaces `oldAccessKeyId`; PROFILE_CHANGED if another key is held. */
  replace(oldAccessKeyId: string, key: Credentials): Promise<void>
  /** Where rotate keeps its journal's secrets; absent: in the journal file itself. */
  readonly journalSecrets?: JournalSecrets
}

/** The door every command uses to reach long-term keys: file profiles and vault profiles alike. */
export interface KeyStore {
  forProfile(profile: Profile): ProfileKey
}

/** Keys kept in the shared files, as the AWS CLI keeps them; written to the credentials file. */
export function credentialsFileKeys(store: ProfileStore): KeyStore {
  return {
    forProfile(profile) {
      const section = credentialsSection(profile.name)
      return {
        store: keyHomeOf(profile),
        location: `[${section}] of ${store.paths.credentials}`,
        load: async () => {
          if (keyHomeOf(profile) !== 'file' && profile.settings.iamkit_vault) {
            throw new Error(`iamkit bug: the key of vault profile "${profile.name}" was asked of the credentials file's key store`)
          }
          return longTermKeys(profile)
        },
        heldKeyId: async () => (await store.rereadCredentials()).credentials.document.get(section, 'aws_access_key_id'),
        replace: (oldAccessKeyId, key) =>
          store.updateCredentials((document) => {
            const held = document.get(section, 'aws_access_key_id')
            if (held !== oldAccessKeyId) throw profileChanged(`[${section}] in ${store.paths.credentials}`, oldAccessKeyId, held)
            document.set(section, 'aws_access_key_id', key.accessKeyId)
            document.set(section, 'aws_secret_access_key', key.secretAccessKey)
          }),
      }
    },
  }
}

export function profileChanged(where: string, expected: string, held: string | undefined): SystemError {
  return new SystemError('PROFILE_CHANGED', `${where} no longer holds ${expected} (it now has ${held ?? 'no key'}); something else edited it during the rotation`)
}
