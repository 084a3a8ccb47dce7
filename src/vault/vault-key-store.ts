import type { Credentials } from '../aws/switchable-credentials.js'
import { SystemError, UsageError } from '../errors.js'
import { type JournalSecrets, type KeyStore, keyHomeOf, type ProfileKey, profileChanged } from '../profiles/key-store.js'
import type { Profile } from '../profiles/profile.js'
import { isSessionKeyId } from '../profiles/profile-keys.js'
import { registerSecret } from '../redact.js'
import type { BackendOpener } from './open-backend.js'
import { vaultFilePath } from './vault-file-path.js'
import { decodeKey, encodeKey } from './stored-key.js'
import { type BackendKind, isBackendKind, type VaultBackend } from './vault-backend.js'

/**
 * The key store every command uses: a profile with `iamkit_vault` keeps its key in that backend,
 * any other profile in the shared files as before. Backends open only when a vault profile is
 * used, so the keychain module never loads for anyone else.
 */
export function keyStoreWithVault(fileKeys: KeyStore, open: BackendOpener): KeyStore {
  return {
    forProfile(profile) {
      const kind = vaultKindOf(profile)
      return kind ? vaultProfileKey(profile, kind, () => open(kind, profile)) : fileKeys.forProfile(profile)
    },
  }
}

/** The profile's backend, or undefined for a profile that keeps its key in the files. */
export function vaultKindOf(profile: Profile): BackendKind | undefined {
  const setting = profile.settings.iamkit_vault
  if (setting === undefined) return undefined
  if (!isBackendKind(setting)) {
    throw new UsageError('BAD_VAULT_SETTING', `profile "${profile.name}" has iamkit_vault = ${setting}; iamkit knows keychain and file`)
  }
  return setting
}

/** A vault profile's key; the backend opens (and its module loads) on first use. */
function vaultProfileKey(profile: Profile, kind: BackendKind, open: () => Promise<VaultBackend>): ProfileKey {
  const entry = { profile: profile.name, purpose: 'key' as const }
  const where = `the ${kind === 'keychain' ? 'keychain' : 'vault file'} entry of profile "${profile.name}"`
  const held = async (): Promise<Credentials | undefined> => {
    const text = await (await open()).get(entry)
    return text === undefined ? undefined : decodeKey(text, where)
  }
  return {
    store: keyHomeOf(profile),
    location: kind === 'keychain' ? `the OS keychain (service iamkit, account ${profile.name})` : `the vault file ${vaultFilePath()}`,
    async load() {
      const key = await held()
      if (!key) {
        throw new UsageError(
          'NOT_IN_VAULT',
          `profile "${profile.name}" has iamkit_vault = ${kind} but ${where} does not exist; import the key again with "iamkit vault import ${profile.name}", or remove iamkit_vault from the profile`,
        )
      }
      if (isSessionKeyId(key.accessKeyId)) {
        throw new UsageError('SESSION_KEYS', `${where} holds temporary session credentials (${key.accessKeyId}); iamkit needs the IAM user's long-term access key (AKIA…) there`)
      }
      return key
    },
    heldKeyId: async () => (await held())?.accessKeyId,
    async replace(oldAccessKeyId, key) {
      const current = await held()
      if (current?.accessKeyId !== oldAccessKeyId) throw profileChanged(where, oldAccessKeyId, current?.accessKeyId)
      await (await open()).set(entry, encodeKey(key))
      const back = await held()
      if (back?.accessKeyId !== key.accessKeyId || back.secretAccessKey !== key.secretAccessKey) {
        throw new SystemError('VAULT_READBACK', `${where} did not read back the key just written; the rotation journal keeps both keys`)
      }
    },
    journalSecrets: journalSecrets(profile.name, kind, open),
  }
}

function journalSecrets(profile: string, kind: BackendKind, open: () => Promise<VaultBackend>): JournalSecrets {
  const entry = { profile, purpose: 'rotation' as const }
  return {
    kind,
    write: async (secrets) => (await open()).set(entry, JSON.stringify(secrets)),
    async read() {
      const text = await (await open()).get(entry)
      if (text === undefined) return undefined
      const secrets = JSON.parse(text) as Record<string, string>
      for (const value of Object.values(secrets)) registerSecret(value)
      return secrets
    },
    remove: async () => {
      await (await open()).delete(entry)
    },
  }
}
