import { AsyncLocalStorage } from 'node:async_hooks'

import { UsageError } from '../errors.js'
import { registerSecret } from '../redact.js'
import type { Reporter } from '../reporter.js'
import { writeFileAtomically, type WriterFs } from './atomic-write.js'
import { type HeldLock, type LockOptions, withFileLock } from './file-lock.js'
import { showToSdk } from './sdk-file-view.js'
import type { Disagreement, IniDocument } from './ini-document.js'
import { profilePaths, type ProfilePaths } from './paths.js'
import type { Profile } from './profile.js'
import { type ProfileFile, readProfileFile } from './profile-file.js'
import { ProfileFileError } from './profile-file-error.js'
import { shellWords } from './shell-words.js'

/** Keys whose values are secrets: registered for redaction as soon as a file is read. */
const SECRET_KEY = /secret|token|password|passphrase/i

/**
 * Both shared files as read at one moment, with botocore's reading of them (SPEC §0): the
 * credentials file's sections are profiles by name; the config file's are `[default]` and
 * `[profile NAME]`, the name split as botocore splits it (`[profile "my name"]`), a later
 * section of the same name replacing an earlier one. Names are ordinary strings (`__proto__`
 * included), kept in Maps.
 */
export class ProfileSnapshot {
  readonly #credentialSections = new Map<string, string>()
  readonly #configSections = new Map<string, string>()
  readonly #ssoSessions = new Map<string, string>()

  constructor(
    readonly credentials: ProfileFile,
    readonly config: ProfileFile,
  ) {
    for (const section of credentials.document.sectionNames()) this.#credentialSections.set(section, section)
    for (const section of config.document.sectionNames()) {
      if (section.startsWith('profile')) nameOf(section, (name) => this.#configSections.set(name, section))
      else if (section.startsWith('sso-session')) nameOf(section, (name) => this.#ssoSessions.set(name, section))
      else if (section === 'default') this.#configSections.set('default', section)
    }
  }

  names(): string[] {
    return [...new Set([...this.#configSections.keys(), ...this.#credentialSections.keys()])].sort()
  }

  /** The settings of `[sso-session NAME]` in the config file, as botocore reads them. */
  ssoSession(name: string): Readonly<Record<string, string>> | undefined {
    const section = this.#ssoSessions.get(name)
    return section === undefined ? undefined : settingsOf(this.config, section, {})
  }

  /**
   * The profile's settings, the credentials file winning key by key; a usage error when a value
   * it uses is read differently by the JS SDK, or botocore would refuse the profile.
   */
  profile(name: string): Profile | undefined {
    const fromConfig = this.#configSections.get(name)
    const fromCredentials = this.#credentialSections.get(name)
    if (fromConfig === undefined && fromCredentials === undefined) return undefined
    const settings: Record<string, string> = {}
    if (fromConfig !== undefined) settingsOf(this.config, fromConfig, settings)
    if (fromCredentials !== undefined) settingsOf(this.credentials, fromCredentials, settings)
    assertBotocoreAccepts(name, settings, this.config.path)
    return { name, settings }
  }

  /** The profile, or a usage error that names the files looked in and how to add it. */
  require(name: string): Profile {
    const profile = this.profile(name)
    if (profile) return profile
    const known = this.names()
    throw new UsageError(
      'UNKNOWN_PROFILE',
      `profile "${name}" is not in ${this.credentials.path} or ${this.config.path}` +
        (known.length ? ` (profiles: ${known.join(', ')})` : '') +
        `; add it with "aws configure --profile ${name}"`,
    )
  }
}

/** botocore's `_parse_section`: exactly two shell words, the second being the name. */
function nameOf(section: string, use: (name: string) => void): void {
  const words = shellWords(section)
  if (words?.length === 2) use(words[1]!)
}

/**
 * Adds the section's settings to `into` (as own properties, whatever their names). Nested
 * settings (`s3 =` and indented `key = value` lines) become `s3.key`, as the JS SDK names them.
 */
function settingsOf(file: ProfileFile, section: string, into: Record<string, string>): Record<string, string> {
  const disagreement = file.document.disagreementsIn(section)[0]
  if (disagreement) throw disagreementError(file.path, disagreement)
  const put = (key: string, value: string) => Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true })
  for (const { key, value, line } of file.document.entries(section)) {
    if (!value.startsWith('\n')) {
      put(key, value)
      continue
    }
    for (const nested of value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const at = nested.indexOf('=')
      if (at < 0) throw new ProfileFileError(file.path, line, `the nested settings of "${key}" need "name = value" lines, as the AWS CLI requires`)
      put(`${key}.${nested.slice(0, at).trim()}`, nested.slice(at + 1).trim())
    }
  }
  return into
}

function disagreementError(path: string, d: Disagreement): ProfileFileError {
  const shown = (value: string) => (SECRET_KEY.test(d.key) ? '(a secret, not shown)' : JSON.stringify(value))
  const js = d.jsSdk === undefined ? 'reads this line as a different key' : `reads ${shown(d.jsSdk)}`
  return new ProfileFileError(
    path,
    d.line,
    `the AWS CLI reads ${d.key} as ${shown(d.botocore)} but the JS SDK ${js}; write the value without " #" or " ;" and on one line (or quote nothing: neither reader removes quotes)`,
  )
}

/** What botocore refuses about a profile it is asked to use. */
function assertBotocoreAccepts(name: string, settings: Record<string, string>, configPath: string): void {
  if (settings.role_arn !== undefined && settings.source_profile !== undefined && settings.credential_source !== undefined) {
    throw new UsageError(
      'INVALID_PROFILE',
      `profile "${name}" has both source_profile and credential_source, which the AWS CLI refuses; keep one of them in ${configPath}`,
    )
  }
}

/** Every secret in the files, registered before any AWS call so no error can print one. */
function registerSecretsOf(file: ProfileFile): void {
  for (const section of file.document.sectionNames()) {
    for (const { key, value } of file.document.entries(section)) if (SECRET_KEY.test(key)) registerSecret(value)
  }
}

const heldLocks = new AsyncLocalStorage<Map<string, HeldLock>>()

export interface ProfileStoreOptions {
  /** The writer's file-system calls; tests hand in a failing disk. */
  writerFs?: WriterFs
  /** Where "waiting for <file>: locked by pid N…" goes when another process holds a lock past a second. */
  reporter?: Reporter
}

/**
 * Reads profiles with botocore's semantics and edits the credentials file line by line under
 * a lock (SPEC §1). Files that botocore would reject are reported, never rewritten. Reading takes
 * no lock (every write is an atomic rename); locks are held only around a read-modify-write.
 */
export class ProfileStore {
  private readonly writerFs?: WriterFs
  private readonly reporter?: Reporter

  constructor(
    readonly paths: ProfilePaths = profilePaths(),
    options: ProfileStoreOptions = {},
  ) {
    this.writerFs = options.writerFs
    this.reporter = options.reporter
  }

  async read(): Promise<ProfileSnapshot> {
    const [credentials, config] = await Promise.all([
      readProfileFile(this.paths.credentials, 'the credentials file (AWS_SHARED_CREDENTIALS_FILE)'),
      readProfileFile(this.paths.config, 'the config file (AWS_CONFIG_FILE)'),
    ])
    registerSecretsOf(credentials)
    registerSecretsOf(config)
    // Where the SDK reads the files itself (its default credential chain), it gets these same bytes.
    showToSdk(this.paths.credentials, credentials.text)
    showToSdk(this.paths.config, config.text)
    return new ProfileSnapshot(credentials, config)
  }

  /**
   * Runs `work` holding the credentials file's lock. Re-entrant within one async flow, so a
   * multi-step edit (vault import) can hold it and still call `updateCredentials`. Never to be
   * held while waiting for a person, a command or AWS (SPEC §0).
   */
  async withCredentialsLock<T>(work: () => Promise<T>): Promise<T> {
    return this.withLockOn(this.paths.credentials, work)
  }

  /**
   * Runs `work` holding a lock of its own on `file` (beside the profile files: a rotation's
   * journal, a session being renewed), reporting a wait like the profile files' locks do.
   */
  withLock<T>(file: string, work: (lock: HeldLock) => Promise<T>): Promise<T> {
    return withFileLock(file, work, this.lockOptions())
  }

  private async withLockOn<T>(path: string, work: () => Promise<T>): Promise<T> {
    const held = heldLocks.getStore()
    if (held?.has(path)) return work()
    return withFileLock(path, (lock) => heldLocks.run(new Map([...(held ?? []), [path, lock]]), work), this.lockOptions())
  }

  private lockOptions(): LockOptions {
    const reporter = this.reporter
    return reporter ? { onWait: (line) => reporter.info(line) } : {}
  }

  /** Just before a locked rewrite: a lock taken over while this process was paused stops it here. */
  private async assertStillLocked(path: string): Promise<void> {
    await heldLocks.getStore()?.get(path)?.assertHeld()
  }

  /**
   * Locked read-modify-write of the credentials file: `edit` changes the document, and the
   * file is rewritten atomically only if its text changed. Returns what `edit` returned.
   */
  async updateCredentials<T>(edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    return this.withCredentialsLock(async () => {
      const snapshot = await this.read()
      const document = snapshot.credentials.document
      const result = await edit(document, snapshot)
      const text = document.toString()
      if (text !== snapshot.credentials.text) {
        await this.assertStillLocked(this.paths.credentials)
        await writeFileAtomically(this.paths.credentials, text, this.writerFs)
        showToSdk(this.paths.credentials, text)
      }
      return result
    })
  }

  /**
   * The same for the config file, under its own lock. Taken inside the credentials lock when both
   * are needed (always in that order, so two iamkit processes never wait on each other).
   */
  async updateConfig<T>(edit: (document: IniDocument, snapshot: ProfileSnapshot) => T | Promise<T>): Promise<T> {
    return this.withLockOn(this.paths.config, async () => {
      const snapshot = await this.read()
      const document = snapshot.config.document
      const result = await edit(document, snapshot)
      const text = document.toString()
      if (text !== snapshot.config.text) {
        await this.assertStillLocked(this.paths.config)
        await writeFileAtomically(this.paths.config, text, this.writerFs)
        showToSdk(this.paths.config, text)
      }
      return result
    })
  }
}
