/** Where a vault profile's long-term key is kept (the `iamkit_vault` setting, SPEC §8). */
export type BackendKind = 'keychain' | 'file'

export const BACKEND_KINDS: readonly BackendKind[] = ['keychain', 'file']

export function isBackendKind(value: string | undefined): value is BackendKind {
  return value === 'keychain' || value === 'file'
}

/**
 * What a vault keeps for a profile: its long-term key, or the secrets of its rotation in
 * progress (the journal's, so they are never in plain text on disk either).
 */
export type EntryPurpose = 'key' | 'rotation'

export interface VaultEntry {
  profile: string
  purpose: EntryPurpose
}

/**
 * One store of secrets. Values are opaque strings; callers decide their shape. Every method
 * either does what it says or throws a typed error that tells the person what to do.
 */
export interface VaultBackend {
  readonly kind: BackendKind
  /** Where it is, for messages: "the OS keychain" or the vault file's path. */
  readonly location: string
  /**
   * Asks for whatever the backend needs from a person (the file's passphrase) now, so that no
   * prompt is shown later while iamkit holds a lock on the profile files (SPEC §0).
   */
  unlock(): Promise<void>
  get(entry: VaultEntry): Promise<string | undefined>
  set(entry: VaultEntry, secret: string): Promise<void>
  /** True when an entry was there and is gone now; false when there was none. */
  delete(entry: VaultEntry): Promise<boolean>
  /** The profiles that have an entry of this purpose, sorted. */
  list(purpose: EntryPurpose): Promise<string[]>
}
