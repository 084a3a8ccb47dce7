import { UsageError } from '../errors.js'
import { forgetVault } from './forget-vault.js'
import type { VaultDeps } from './import-key.js'
import type { BackendKind } from './vault-backend.js'
import { vaultKindOf } from './vault-key-store.js'

export interface RemoveResult {
  profile: string
  backend: BackendKind
  /** Whether the backend held a key for the profile (false: only the config lines were left). */
  deleted: boolean
}

/**
 * `iamkit vault remove` (SPEC §8): deletes the profile's key from its backend, then the config's
 * `iamkit_vault` line. The key still exists in IAM, so this destroys the local copy only; the
 * command asks first. Either order of a crash leaves a state a second `remove` finishes.
 */
export async function removeKey(profileName: string, backendFlag: BackendKind | undefined, deps: VaultDeps): Promise<RemoveResult> {
  const profile = (await deps.store.read()).require(profileName)
  const kind = vaultKindOf(profile) ?? backendFlag
  if (!kind) {
    throw new UsageError('NOT_A_VAULT_PROFILE', `profile "${profileName}" has no iamkit_vault setting; name the backend to remove a leftover entry from with --backend keychain|file`)
  }
  if (backendFlag && vaultKindOf(profile) && backendFlag !== kind) {
    throw new UsageError('WRONG_BACKEND', `profile "${profileName}" is in the ${kind} vault, not ${backendFlag}; nothing was changed`)
  }
  const backend = await deps.open(kind, profile)
  await backend.unlock()
  return deps.store.withCredentialsLock(async () => {
    const deleted = await backend.delete({ profile: profileName, purpose: 'key' })
    await deps.checkpoint?.('entry-deleted')
    await forgetVault(profileName, deps)
    return { profile: profileName, backend: kind, deleted }
  })
}
