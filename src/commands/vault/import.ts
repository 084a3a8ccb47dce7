import { Flags } from '@oclif/core'

import { BaseCommand } from '../../cli/base-command.js'
import { crashPoint } from '../../cli/crash-point.js'
import { profileArg, vaultPassphraseFlag } from '../../cli/flags.js'
import { backendsFromFlags } from '../../cli/key-store-from-flags.js'
import { selfCommand } from '../../cli/self-command.js'
import { ProfileStore } from '../../profiles/profile-store.js'
import { importKey, type ImportResult } from '../../vault/import-key.js'
import { BACKEND_KINDS, type BackendKind } from '../../vault/vault-backend.js'

export default class VaultImport extends BaseCommand<typeof VaultImport> {
  static override summary = "Move the profile's long-term key out of the credentials file into the OS keychain or an encrypted file."
  static override description = `Stores the key in the backend and reads it back, then adds iamkit_vault (and, unless --no-credential-process, credential_process = iamkit credential-process <profile>) to the profile's config section, and only then removes aws_access_key_id and aws_secret_access_key from the credentials file. An interrupted import leaves the key in at least one place; running it again finishes it.

--backend file keeps keys in ~/.aws/iamkit-vault (or IAMKIT_VAULT_FILE), encrypted with a key derived from a passphrase (IAMKIT_VAULT_PASSPHRASE, --passphrase-command, the profile's vault_passphrase_process, or a prompt).`
  static override examples = [
    '<%= config.bin %> vault import default',
    '<%= config.bin %> vault import default --backend file',
    'IAMKIT_VAULT_PASSPHRASE=… <%= config.bin %> vault import work --backend file --no-credential-process',
  ]
  static override args = { profile: profileArg }
  static override flags = {
    backend: Flags.string({ description: 'Where to keep the key', options: [...BACKEND_KINDS], default: 'keychain' }),
    'credential-process': Flags.boolean({ description: 'Add credential_process to the config section so every AWS tool gets the MFA session from iamkit', default: true, allowNo: true }),
    ...vaultPassphraseFlag,
  }

  async run(): Promise<ImportResult> {
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const result = await importKey(
      { profile: this.args.profile, backend: this.flags.backend as BackendKind, credentialProcess: this.flags['credential-process'] },
      { store, open: backendsFromFlags(this.flags), selfCommand: selfCommand(this.config.root), checkpoint: crashPoint() },
    )
    if (!this.jsonEnabled()) {
      this.log(`${result.resumed ? 'Finished importing' : 'Imported'} the key ${result.accessKeyId} of profile ${result.profile} into ${result.location}; it is no longer in ${store.paths.credentials}.`)
      if (result.credentialProcess) this.log(`AWS tools get its MFA session through: credential_process = ${result.credentialProcess}`)
    }
    return result
  }
}
