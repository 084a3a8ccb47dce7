import { UsageError } from '../errors.js'
import { registerSecret } from '../redact.js'
import { showToSdk } from './sdk-file-view.js'
import type { Disagreement } from './ini-document.js'
import type { ProfilePaths } from './paths.js'
import type { Profile } from './profile.js'
import { parseProfileText, type ProfileFile, type ProfileText, readProfileText } from './profile-file.js'
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

/** Both files' text, read at one moment: plain data, which main.cjs hands to the whole command (fast-path.ts). */
export interface ProfileTexts {
  credentials: ProfileText
  config: ProfileText
}

export type ProfileFileName = keyof ProfileTexts

const WHAT: Record<ProfileFileName, string> = {
  credentials: 'the credentials file (AWS_SHARED_CREDENTIALS_FILE)',
  config: 'the config file (AWS_CONFIG_FILE)',
}

/** One shared file read now, parsed, its secrets registered and its text shown to the SDK. */
export function readSharedFile(paths: ProfilePaths, name: ProfileFileName): ProfileFile {
  return admitProfileFile(parseProfileText(readProfileText(paths[name], WHAT[name])))
}

/** Both files' text, read now (a file that cannot be read throws, as readSharedFile does). */
export function readProfileTexts(paths: ProfilePaths): ProfileTexts {
  return { credentials: readProfileText(paths.credentials, WHAT.credentials), config: readProfileText(paths.config, WHAT.config) }
}

/** The snapshot of texts already read (readProfileTexts): the same checks and errors as a read, without reading. */
export function profileSnapshotOf(texts: ProfileTexts): ProfileSnapshot {
  const credentials = parseProfileText(texts.credentials)
  const config = parseProfileText(texts.config)
  return new ProfileSnapshot(admitProfileFile(credentials), admitProfileFile(config))
}

/**
 * Both shared files, read now. Synchronously: a few KB each, read before anything else can
 * happen, and this is all credential-process needs to serve a stored session, so it loads
 * nothing of the writer or the locks (profile-store.ts) and no `node:fs/promises`.
 */
export function readProfileSnapshot(paths: ProfilePaths): ProfileSnapshot {
  return profileSnapshotOf(readProfileTexts(paths))
}

/**
 * A parsed file made known to the process: its secrets registered for redaction before any AWS
 * call, and its bytes what the SDK reads where it reads the files itself (its default credential
 * chain, its config loaders), not a read of its own.
 */
export function admitProfileFile(file: ProfileFile): ProfileFile {
  registerSecretsOf(file)
  showToSdk(file.path, file.text)
  return file
}
