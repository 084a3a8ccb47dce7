import { AsyncLocalStorage } from 'node:async_hooks'

import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader'

import { UsageError } from '../errors.js'
import { writeFileAtomically, type WriterFs } from './atomic-write.js'
import { withFileLock } from './file-lock.js'
import type { IniDocument } from './ini-document.js'
import { profilePaths, type ProfilePaths } from './paths.js'
import type { Profile } from './profile.js'
import { type ProfileFile, readProfileFile } from './profile-file.js'

type ParsedProfiles = Record<string, Record<string, string | undefined>>

const NON_PROFILE_SECTION = /^(sso-session|services)\./

/** Both shared files as read at one moment, with the SDK's own reading of them. */
export class ProfileSnapshot {
  constructor(
    readonly credentials: ProfileFile,
    readonly config: ProfileFile,
    private readonly parsed: { credentialsFile: ParsedProfiles; configFile: ParsedProfiles },
  ) {}

  names(): string[] {
    // The SDK keys `[sso-session x]` and `[services x]` as `sso-session.x` and `services.x`: not profiles.
    const configProfiles = Object.keys(this.parsed.configFile).filter((key) => !NON_PROFILE_SECTION.test(key))
    return [...new Set([...configProfiles, ...Object.keys(this.parsed.credentialsFile)])].sort()
  }

  /** The settings of `[sso-session NAME]` in the config file, as the SDK read them. */
  ssoSession(name: string): Readonly<Record<string, string>> | undefined {
    const section = this.parsed.configFile[`sso-session.${name}`]
    if (!section) return undefined
    return Object.fromEntries(Object.entries(section).filter((entry): entry is [string, string] => entry[1] !== undefined))
  }

  profile(name: string): Profile | undefined {
    const fromConfig = NON_PROFILE_SECTION.test(name) ? undefined : this.parsed.configFile[name]
    const fromCredentials = this.parsed.credentialsFile[name]
    if (!fromConfig && !fromCredentials) return undefined
    const settings: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...fromConfig, ...fromCredentials })) {
      if (value !== undefined) settings[key] = value
    }
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

const heldLocks = new AsyncLocalStorage<Set<string>>()

/**
 * Reads profiles with the SDK's semantics and edits the credentials file line by line under
 * a lock (SPEC §1). Files that botocore would reject are reported, never rewritten.
 */
export class ProfileStore {
  constructor(
    readonly paths: ProfilePaths = profilePaths(),
    /** The writer's file-system calls; tests hand in a failing disk. */
    private readonly writerFs?: WriterFs,
  ) {}

  async read(): Promise<ProfileSnapshot> {
    const [credentials, config] = await Promise.all([readProfileFile(this.paths.credentials), readProfileFile(this.paths.config)])
    // Let the SDK parse exactly the bytes that were validated, not a second read of the disk.
    externalDataInterceptor.interceptFile(this.paths.credentials, credentials.text)
    externalDataInterceptor.interceptFile(this.paths.config, config.text)
    const parsed = await loadSharedConfigFiles({ filepath: this.paths.credentials, configFilepath: this.paths.config })
    return new ProfileSnapshot(credentials, config, parsed as { credentialsFile: ParsedProfiles; configFile: ParsedProfiles })
  }

  /**
   * Runs `work` holding the credentials file's lock. Re-entrant within one async flow, so a
   * long operation (rotate) can hold the lock and still call `updateCredentials`.
   */
  async withCredentialsLock<T>(work: () => Promise<T>): Promise<T> {
    const path = this.paths.credentials
    const held = heldLocks.getStore()
    if (held?.has(path)) return work()
    return withFileLock(path, () => heldLocks.run(new Set([...(held ?? []), path]), work))
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
        await writeFileAtomically(this.paths.credentials, text, this.writerFs)
        externalDataInterceptor.interceptFile(this.paths.credentials, text)
      }
      return result
    })
  }
}
