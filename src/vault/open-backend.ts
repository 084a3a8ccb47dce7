import type { Profile } from '../profiles/profile.js'
import { passphraseSource } from './passphrase.js'
import type { BackendKind, VaultBackend } from './vault-backend.js'
import { vaultFilePath } from './vault-file-path.js'

export interface BackendOptions {
  env?: NodeJS.ProcessEnv
  /** `--passphrase-command`; otherwise the profile's `vault_passphrase_process`. */
  passphraseCommand?: string
  /** A masked prompt when a person is at a terminal. */
  prompt?: (message: string) => Promise<string>
}

/**
 * Opens a backend of the kind asked for, at most one of each kind per process. The backends'
 * modules (the native keychain binding, the file lock) load only here, when a vault profile is
 * used: every other command, credential-process's fast path included, never loads them.
 */
export type BackendOpener = (kind: BackendKind, profile?: Profile) => Promise<VaultBackend>

/** scrypt's cost for new vault files, for machines where 64 MiB is too much (and for tests). */
const LOG2N_VARIABLE = 'IAMKIT_VAULT_SCRYPT_LOG2N'

export function backendOpener(options: BackendOptions = {}): BackendOpener {
  const env = options.env ?? process.env
  const opened = new Map<BackendKind, Promise<VaultBackend>>()
  return (kind, profile) => {
    let backend = opened.get(kind)
    if (!backend) {
      backend = kind === 'keychain' ? import('./keychain-backend.js').then((m) => new m.KeychainBackend()) : fileBackend(env, options, profile)
      opened.set(kind, backend)
    }
    return backend
  }
}

async function fileBackend(env: NodeJS.ProcessEnv, options: BackendOptions, profile: Profile | undefined): Promise<VaultBackend> {
  const { FileBackend } = await import('./file-backend.js')
  const fromProfile = profile?.settings.vault_passphrase_process
  const command = options.passphraseCommand ?? fromProfile
  const log2N = env[LOG2N_VARIABLE] ? Number(env[LOG2N_VARIABLE]) : undefined
  return new FileBackend({
    path: vaultFilePath(env),
    newFileLog2N: log2N !== undefined && Number.isInteger(log2N) && log2N >= 10 && log2N <= 22 ? log2N : undefined,
    passphrase: passphraseSource({
      env: env.IAMKIT_VAULT_PASSPHRASE,
      command,
      commandOrigin: options.passphraseCommand ? '--passphrase-command' : `vault_passphrase_process of profile "${profile?.name}"`,
      prompt: options.prompt,
    }),
  })
}
