import { UsageError } from '../errors.js'
import { configSection, credentialsSection } from '../profiles/profile.js'
import { decodeKey } from './stored-key.js'
import { forgetVault } from './forget-vault.js'
import { keyInCredentialsFile, sameKey, type VaultDeps } from './import-key.js'
import type { BackendKind } from './vault-backend.js'
import { vaultKindOf } from './vault-key-store.js'

export interface ExportResult {
  profile: string
  backend: BackendKind
  accessKeyId: string
  credentialsFile: string
}

export type ExportStep = 'read' | 'credentials-written' | 'config-written' | 'entry-deleted'

/**
 * `iamkit vault export` (SPEC §8): the key goes back into the credentials file, the reverse of
 * import and in the reverse order, so the key is always in at least one place: the file gets the
 * key lines first, then the config section forgets the vault, and the backend's entry is deleted
 * only after the file has been read back holding the same key.
 */
export async function exportKey(profileName: string, deps: VaultDeps): Promise<ExportResult> {
  const { store } = deps
  const firstLook = (await store.read()).require(profileName)
  const kind = vaultKindOf(firstLook)
  if (!kind) throw new UsageError('NOT_A_VAULT_PROFILE', `profile "${profileName}" keeps its key in ${store.paths.credentials}, not in a vault; nothing to export`)
  const backend = await deps.open(kind, firstLook)
  await backend.unlock()
  const checkpoint = async (step: ExportStep) => deps.checkpoint?.(step)

  return store.withCredentialsLock(async () => {
    const entry = { profile: profileName, purpose: 'key' as const }
    const stored = await backend.get(entry)
    if (stored === undefined) {
      throw new UsageError('NOT_IN_VAULT', `${backend.location} holds no key for profile "${profileName}"; nothing was changed (remove iamkit_vault from [${configSection(profileName)}] if the key is gone)`)
    }
    const key = decodeKey(stored, `${backend.location}'s entry of profile "${profileName}"`)
    await checkpoint('read')

    const section = credentialsSection(profileName)
    await store.updateCredentials((document, snapshot) => {
      const held = keyInCredentialsFile(snapshot, profileName)
      if (held && !sameKey(held, key)) {
        throw new UsageError('KEY_IN_FILE', `[${section}] of ${store.paths.credentials} already holds another key (${held.accessKeyId}); nothing was changed`)
      }
      document.set(section, 'aws_access_key_id', key.accessKeyId)
      document.set(section, 'aws_secret_access_key', key.secretAccessKey)
    })
    if (!sameKey(keyInCredentialsFile(await store.rereadCredentials(), profileName), key)) {
      throw new UsageError('EXPORT_READBACK', `${store.paths.credentials} does not read back the exported key; the vault keeps it`)
    }
    await checkpoint('credentials-written')

    await forgetVault(profileName, deps)
    await checkpoint('config-written')
    await backend.delete(entry)
    await checkpoint('entry-deleted')
    return { profile: profileName, backend: kind, accessKeyId: key.accessKeyId, credentialsFile: store.paths.credentials }
  })
}
