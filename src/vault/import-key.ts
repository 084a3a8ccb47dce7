import type { Credentials } from '../aws/switchable-credentials.js'
import { UsageError, SystemError } from '../errors.js'
import { configSection, credentialsSection } from '../profiles/profile.js'
import { isSessionKeyId, noKeyOfItsOwn } from '../profiles/profile-keys.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import { registerSecret } from '../redact.js'
import type { BackendOpener } from './open-backend.js'
import { decodeKey, encodeKey } from './stored-key.js'
import type { BackendKind } from './vault-backend.js'
import { vaultKindOf } from './vault-key-store.js'

export interface ImportRequest {
  profile: string
  backend: BackendKind
  /** Add `credential_process = <iamkit> credential-process <profile>` to the config section. */
  credentialProcess: boolean
}

export interface ImportResult {
  profile: string
  backend: BackendKind
  accessKeyId: string
  location: string
  credentialProcess: string | null
  /** True when an earlier, interrupted import of this profile was finished. */
  resumed: boolean
}

/** The steps after which a crash may happen; tests stop the process at each (`checkpoint`). */
export type ImportStep = 'checked' | 'stored' | 'verified' | 'config-written' | 'credentials-written'

export interface VaultDeps {
  store: ProfileStore
  open: BackendOpener
  /** How the AWS CLI runs this iamkit: `iamkit`, or the absolute command when it is not on PATH. */
  selfCommand: string
  /** Called after each step; a test's fault injection, nothing in normal use. */
  checkpoint?: (step: string) => void | Promise<void>
}

/**
 * `iamkit vault import` (SPEC §8). The order makes a crash harmless at every point: the key is
 * written to the backend and read back first; only then does the config section name the vault,
 * and only then do the key's two lines leave the credentials file. Until the last step the key
 * is in the file (and maybe the vault too); after it, in the vault. Running import again after
 * an interruption finishes it. The credentials lock is held throughout, so a rotation cannot
 * change the key half-way.
 */
export async function importKey(request: ImportRequest, deps: VaultDeps): Promise<ImportResult> {
  const { store } = deps
  const first = await store.read()
  const firstLook = first.require(request.profile)
  // A role or IAM Identity Center profile has no key to import: say so before a keychain or passphrase is asked for.
  const notAKeyProfile = !vaultKindOf(firstLook) && !keyInCredentialsFile(first, firstLook.name) ? noKeyOfItsOwn(firstLook) : undefined
  if (notAKeyProfile) throw new UsageError('NO_KEYS', notAKeyProfile)
  const backend = await deps.open(vaultKindOf(firstLook) ?? request.backend, firstLook)
  // Any prompt (the file's passphrase) now, before the profile files are locked.
  await backend.unlock()
  const checkpoint = async (step: ImportStep) => deps.checkpoint?.(step)

  return store.withCredentialsLock(async () => {
    const snapshot = await store.reread()
    const profile = snapshot.require(request.profile)
    const configured = vaultKindOf(profile)
    const entry = { profile: profile.name, purpose: 'key' as const }
    const inFile = keyInCredentialsFile(snapshot, profile.name)
    const stored = await backend.get(entry)
    const inVault = stored === undefined ? undefined : decodeKey(stored, `${backend.location}'s entry of profile "${profile.name}"`)

    if (configured && !(inFile && sameKey(inFile, inVault))) {
      throw new UsageError(
        'ALREADY_IN_VAULT',
        `profile "${profile.name}" is already in a vault (iamkit_vault = ${configured}${configured !== request.backend ? `, not ${request.backend}` : ''}); "iamkit vault export ${profile.name}" brings the key back to the credentials file`,
      )
    }
    if (!inFile) {
      throw new UsageError(
        'NO_KEYS',
        noKeyOfItsOwn(profile) ??
          `profile "${profile.name}" has no aws_access_key_id and aws_secret_access_key in [${credentialsSection(profile.name)}] of ${store.paths.credentials}; there is no key to import (add it with "aws configure --profile ${profile.name}")`,
      )
    }
    if (inVault && !sameKey(inFile, inVault)) {
      throw new UsageError(
        'VAULT_ENTRY_EXISTS',
        `${backend.location} already holds another key (${inVault.accessKeyId}) for profile "${profile.name}"; nothing was changed: if it is no longer needed, "iamkit vault remove ${profile.name} --backend ${backend.kind}" deletes it`,
      )
    }
    const credentialProcess = request.credentialProcess ? `${deps.selfCommand} credential-process ${shellWord(profile.name)}` : null
    const existing = snapshot.config.document.get(configSection(profile.name), 'credential_process')
    if (credentialProcess && existing !== undefined && existing !== credentialProcess) {
      throw new UsageError(
        'CREDENTIAL_PROCESS_SET',
        `[${configSection(profile.name)}] of ${store.paths.config} already has credential_process = ${existing}; nothing was changed: remove it, or pass --no-credential-process`,
      )
    }
    await checkpoint('checked')

    if (!inVault) {
      await backend.set(entry, encodeKey(inFile))
      await checkpoint('stored')
    }
    const readBack = await backend.get(entry)
    if (readBack === undefined || !sameKey(inFile, decodeKey(readBack, backend.location))) {
      throw new SystemError('VAULT_READBACK', `${backend.location} did not give back the key just stored for profile "${profile.name}"; the credentials file was left as it was`)
    }
    await checkpoint('verified')

    await store.updateConfig((document) => {
      document.set(configSection(profile.name), 'iamkit_vault', backend.kind)
      if (credentialProcess) document.set(configSection(profile.name), 'credential_process', credentialProcess)
    })
    await checkpoint('config-written')

    await store.updateCredentials((document) => {
      document.delete(credentialsSection(profile.name), 'aws_access_key_id')
      document.delete(credentialsSection(profile.name), 'aws_secret_access_key')
    })
    await checkpoint('credentials-written')
    return {
      profile: profile.name,
      backend: backend.kind,
      accessKeyId: inFile.accessKeyId,
      location: backend.location,
      credentialProcess,
      resumed: configured !== undefined || inVault !== undefined,
    }
  })
}

/** The key lines of the profile's credentials-file section (the only place import takes keys from). */
export function keyInCredentialsFile(snapshot: ProfileSnapshot, profile: string): Credentials | undefined {
  const document = snapshot.credentials.document
  const section = credentialsSection(profile)
  const accessKeyId = document.get(section, 'aws_access_key_id')
  const secretAccessKey = document.get(section, 'aws_secret_access_key')
  if (!accessKeyId || !secretAccessKey) return undefined
  registerSecret(secretAccessKey)
  if (isSessionKeyId(accessKeyId) || document.get(section, 'aws_session_token')) {
    throw new UsageError('SESSION_KEYS', `profile "${profile}" holds temporary session credentials (${accessKeyId}); only an IAM user's long-term key (AKIA…) belongs in a vault`)
  }
  return { accessKeyId, secretAccessKey }
}

export function sameKey(a: Credentials | undefined, b: Credentials | undefined): boolean {
  return a !== undefined && b !== undefined && a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey
}

/** A profile name as one word for the shell-like splitting botocore applies to credential_process. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'"'"'`)}'`
}
