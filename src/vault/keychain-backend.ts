import { SystemError } from '../errors.js'
import type { BackendKind, EntryPurpose, VaultBackend, VaultEntry } from './vault-backend.js'

type Keyring = typeof import('@napi-rs/keyring')

/** The keychain's service names: one per purpose, the profile is the account. */
const SERVICE: Record<EntryPurpose, string> = { key: 'iamkit', rotation: 'iamkit-rotation' }

/**
 * The operating system's keychain through `@napi-rs/keyring`: macOS Keychain, Windows Credential
 * Manager, the Secret Service on Linux (GNOME Keyring, KWallet). On Linux the entry is pinned to
 * the Secret Service: the library would otherwise fall back to the kernel keyring, which forgets
 * everything at reboot, and a key kept there would be lost. The native module is loaded on the
 * first call, so profiles without a vault never load it.
 */
export class KeychainBackend implements VaultBackend {
  readonly kind: BackendKind = 'keychain'
  readonly location = 'the OS keychain'
  #keyring: Promise<Keyring> | undefined

  /** The OS asks for itself when its keychain is locked. */
  async unlock(): Promise<void> {}

  async get(entry: VaultEntry): Promise<string | undefined> {
    const found = await this.call(entry, (e) => e.getPassword())
    return found ?? undefined
  }

  async set(entry: VaultEntry, secret: string): Promise<void> {
    await this.call(entry, (e) => e.setPassword(secret))
  }

  delete(entry: VaultEntry): Promise<boolean> {
    return this.call(entry, (e) => e.deleteCredential())
  }

  async list(purpose: EntryPurpose): Promise<string[]> {
    const keyring = await this.keyring()
    try {
      const found = await keyring.findCredentialsAsync(SERVICE[purpose])
      return found.map((c) => c.account).sort()
    } catch (err) {
      throw keychainError(err, `listing ${SERVICE[purpose]} entries`)
    }
  }

  private async call<T>(entry: VaultEntry, work: (e: InstanceType<Keyring['AsyncEntry']>) => Promise<T>): Promise<T> {
    const keyring = await this.keyring()
    const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
    try {
      return await work(new keyring.AsyncEntry(SERVICE[entry.purpose], entry.profile, options))
    } catch (err) {
      throw keychainError(err, `the ${entry.purpose === 'key' ? 'key' : 'rotation journal'} entry of profile "${entry.profile}"`)
    }
  }

  private keyring(): Promise<Keyring> {
    this.#keyring ??= import('@napi-rs/keyring').catch((err: unknown) => {
      throw new SystemError(
        'NO_KEYCHAIN_MODULE',
        `the keychain module @napi-rs/keyring could not be loaded for ${process.platform}-${process.arch} (${(err as Error).message}); reinstall iamkit, or use --backend file`,
        { cause: err },
      )
    })
    return this.#keyring
  }
}

const NO_SERVICE = /dbus|secret service|org\.freedesktop\.secrets|ServiceUnknown|not provided by any|autolaunch|no such (storage|store)|platform failure|NoStorageAccess|unavailable/i
const LOCKED = /\blocked|unlock|prompt was dismissed/i

/** The library's errors are strings from the platform; say what a person can do about them. */
function keychainError(err: unknown, what: string): SystemError {
  const message = err instanceof Error ? err.message : String(err)
  if (LOCKED.test(message)) {
    return new SystemError(
      'KEYCHAIN_LOCKED',
      `the keychain is locked (${what}: ${message}); unlock it (log in to the desktop, or unlock the "login" collection of GNOME Keyring or KWallet) and run the command again`,
      { cause: err },
    )
  }
  if (NO_SERVICE.test(message)) {
    return new SystemError(
      'NO_SECRET_SERVICE',
      `no keychain answered (${what}: ${message}); on Linux a Secret Service must run in your session: start gnome-keyring (or KWallet), or use --backend file`,
      { cause: err },
    )
  }
  return new SystemError('KEYCHAIN_FAILED', `the keychain failed (${what}): ${message}`, { cause: err })
}
