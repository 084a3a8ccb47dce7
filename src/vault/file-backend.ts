import { readFile } from 'node:fs/promises'

import { SystemError, UsageError } from '../errors.js'
import { writeFileAtomically } from '../profiles/atomic-write.js'
import { withFileLock } from '../profiles/file-lock.js'
import type { PassphraseSource } from './passphrase.js'
import type { BackendKind, EntryPurpose, VaultBackend, VaultEntry } from './vault-backend.js'
import { deriveKey, isSaneScryptParams, isSealed, newScryptParams, open, type ScryptParams, seal, type Sealed } from './vault-cipher.js'

/**
 * The vault file (SPEC §8): one JSON document, mode 0600, written atomically under its own lock.
 * Each entry is sealed with AES-256-GCM under a key that scrypt derives from the passphrase;
 * the salt and scrypt's parameters are stored, and `check` (a known text, sealed the same way)
 * tells a wrong passphrase (exit 2, nothing changed) from a file that was altered (exit 1, never
 * rewritten). Entry names are in clear: which profiles are in the vault is not a secret.
 */
interface VaultDocument {
  about: string
  format: typeof FORMAT
  version: 1
  kdf: ScryptParams
  check: Sealed
  entries: Record<string, Sealed>
}

const FORMAT = 'iamkit-vault'
const CHECK_NAME = 'iamkit-vault-check'
const CHECK_TEXT = 'iamkit vault passphrase check'
const ABOUT =
  'iamkit vault: long-term AWS access keys, each sealed with AES-256-GCM under a key derived from your passphrase with scrypt. Managed with "iamkit vault import|export|list|remove"; do not edit.'

export interface FileBackendOptions {
  path: string
  passphrase: PassphraseSource
  /** scrypt's cost for a vault file created now (log2 of N); existing files keep theirs. */
  newFileLog2N?: number
}

export class FileBackend implements VaultBackend {
  readonly kind: BackendKind = 'file'
  readonly location: string
  /** The derived key of the salt last seen: scrypt runs once per process, not once per entry. */
  #derived: { salt: string; key: Promise<Buffer> } | undefined

  constructor(private readonly options: FileBackendOptions) {
    this.location = options.path
  }

  async unlock(): Promise<void> {
    const document = await this.read()
    if (document) await this.keyFor(document)
    else await this.options.passphrase({ path: this.location, creating: true })
  }

  async get(entry: VaultEntry): Promise<string | undefined> {
    const document = await this.read()
    if (!document) return undefined
    const key = await this.keyFor(document)
    const sealed = document.entries[entryName(entry)]
    return sealed ? open(key, entryName(entry), sealed) : undefined
  }

  async set(entry: VaultEntry, secret: string): Promise<void> {
    await this.update((document, key) => {
      document.entries[entryName(entry)] = seal(key, entryName(entry), secret)
      return true
    })
  }

  async delete(entry: VaultEntry): Promise<boolean> {
    return this.update((document) => {
      const name = entryName(entry)
      if (!(name in document.entries)) return false
      delete document.entries[name]
      return true
    }, false)
  }

  /** Needs no passphrase: entry names are in clear. */
  async list(purpose: EntryPurpose): Promise<string[]> {
    const document = await this.read()
    const prefix = `${purpose}/`
    return Object.keys(document?.entries ?? {})
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length))
      .sort()
  }

  /**
   * Locked read-modify-write. The whole file must authenticate before it is rewritten, so a
   * tampered entry is reported instead of being carried along; `create` says whether a missing
   * file may be made (a delete never creates one).
   */
  private async update(edit: (document: VaultDocument, key: Buffer) => boolean, create = true): Promise<boolean> {
    return withFileLock(this.location, async () => {
      let document = await this.read()
      if (!document) {
        if (!create) return false
        document = await this.newDocument()
      }
      const key = await this.keyFor(document)
      if (!edit(document, key)) return false
      await writeFileAtomically(this.location, `${JSON.stringify(document, null, 2)}\n`)
      return true
    })
  }

  private async newDocument(): Promise<VaultDocument> {
    const kdf = newScryptParams(this.options.newFileLog2N)
    const passphrase = await this.options.passphrase({ path: this.location, creating: true })
    const key = deriveKey(passphrase, kdf)
    this.#derived = { salt: kdf.salt, key }
    return { about: ABOUT, format: FORMAT, version: 1, kdf, check: seal(await key, CHECK_NAME, CHECK_TEXT), entries: {} }
  }

  /** The derived key, once the passphrase opens `check` and every entry authenticates. */
  private async keyFor(document: VaultDocument): Promise<Buffer> {
    if (this.#derived?.salt !== document.kdf.salt) {
      const passphrase = await this.options.passphrase({ path: this.location, creating: false })
      this.#derived = { salt: document.kdf.salt, key: deriveKey(passphrase, document.kdf) }
    }
    const key = await this.#derived.key
    if (open(key, CHECK_NAME, document.check) !== CHECK_TEXT) {
      this.#derived = undefined
      throw new UsageError('WRONG_PASSPHRASE', `the passphrase does not open ${this.location}; nothing was changed: check IAMKIT_VAULT_PASSPHRASE or your passphrase command`)
    }
    for (const [name, sealed] of Object.entries(document.entries)) {
      if (open(key, name, sealed) === undefined) throw tampered(this.location, `entry "${name}" fails its integrity check`)
    }
    return key
  }

  private async read(): Promise<VaultDocument | undefined> {
    let text: string
    try {
      text = await readFile(this.location, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return undefined
      if (code === 'EISDIR') throw new UsageError('VAULT_NOT_A_FILE', `${this.location} is a directory, not an iamkit vault file; set IAMKIT_VAULT_FILE to a file path`)
      throw new SystemError(code ?? 'VAULT_UNREADABLE', `cannot read ${this.location}: ${(err as Error).message}`, { cause: err })
    }
    return parseDocument(this.location, text)
  }
}

function entryName(entry: VaultEntry): string {
  return `${entry.purpose}/${entry.profile}`
}

function parseDocument(path: string, text: string): VaultDocument {
  let data: Partial<VaultDocument>
  try {
    data = JSON.parse(text) as Partial<VaultDocument>
  } catch {
    throw tampered(path, 'it is not JSON')
  }
  if (data?.format !== FORMAT || data.version !== 1) throw tampered(path, `it is not an iamkit vault file of version 1`)
  if (!isSaneScryptParams(data.kdf)) throw tampered(path, 'its scrypt parameters are missing or out of range')
  if (!isSealed(data.check) || typeof data.entries !== 'object' || data.entries === null || !Object.values(data.entries).every(isSealed)) {
    throw tampered(path, 'its entries are malformed')
  }
  return data as VaultDocument
}

function tampered(path: string, why: string): SystemError {
  return new SystemError(
    'VAULT_INTEGRITY',
    `${path} fails its integrity check (${why}); it was not rewritten: restore it from a backup, or move it away and import the keys again`,
  )
}
