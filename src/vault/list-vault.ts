import type { ProfileStore } from '../profiles/profile-store.js'
import type { BackendOpener } from './open-backend.js'
import { BACKEND_KINDS, type BackendKind } from './vault-backend.js'
import { vaultKindOf } from './vault-key-store.js'

export interface VaultListing {
  profile: string
  backend: BackendKind
  /**
   * `ok`: configured and stored; `missing`: the config names the vault but it holds no key;
   * `unused`: the vault holds a key that no profile uses (an interrupted import or export).
   */
  state: 'ok' | 'missing' | 'unused'
}

/**
 * `iamkit vault list`: vault profiles and backend entries, no secrets and no passphrase (the file's
 * entry names are in clear). A backend that cannot be reached is reported by the caller, and the
 * backends no profile uses are not asked at all (no keychain prompt for a file-only user).
 */
export async function listVault(deps: { store: ProfileStore; open: BackendOpener; backends?: BackendKind[] }): Promise<VaultListing[]> {
  const snapshot = await deps.store.read()
  const configured = new Map<string, BackendKind>()
  for (const name of snapshot.names()) {
    const kind = vaultKindOf(snapshot.profile(name)!)
    if (kind) configured.set(name, kind)
  }
  const asked = deps.backends ?? BACKEND_KINDS.filter((kind) => [...configured.values()].includes(kind) || kind === 'file')
  const rows: VaultListing[] = []
  for (const kind of asked) {
    const stored = new Set(await (await deps.open(kind)).list('key'))
    for (const [profile, k] of configured) if (k === kind) rows.push({ profile, backend: kind, state: stored.has(profile) ? 'ok' : 'missing' })
    for (const profile of stored) if (configured.get(profile) !== kind) rows.push({ profile, backend: kind, state: 'unused' })
  }
  return rows.sort((a, b) => a.profile.localeCompare(b.profile) || a.backend.localeCompare(b.backend))
}
