import { Flags } from '@oclif/core'

import { BaseCommand } from '../../cli/base-command.js'
import { confirmOrRefuse } from '../../cli/confirm-or-refuse.js'
import { crashPoint } from '../../cli/crash-point.js'
import { profileArg, vaultPassphraseFlag } from '../../cli/flags.js'
import { backendsFromFlags } from '../../cli/key-store-from-flags.js'
import { selfCommand } from '../../cli/self-command.js'
import { ProfileStore } from '../../profiles/profile-store.js'
import { exportKey, type ExportResult } from '../../vault/export-key.js'

export default class VaultExport extends BaseCommand<typeof VaultExport> {
  static override summary = "Put a vault profile's key back into the credentials file, in plain text."
  static override description = `Writes aws_access_key_id and aws_secret_access_key back into the profile's section of the credentials file, removes iamkit_vault (and iamkit's own credential_process line) from the config section, then deletes the key from the vault. Asks first on a terminal; otherwise needs --yes.`
  static override examples = ['<%= config.bin %> vault export default', '<%= config.bin %> vault export default --yes']
  static override args = { profile: profileArg }
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (required without a terminal)' }),
    ...vaultPassphraseFlag,
  }

  async run(): Promise<ExportResult> {
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    await confirmOrRefuse(this.flags.yes, `Put the key of profile ${this.args.profile} back into ${store.paths.credentials} in plain text?`, 'vault export')
    const result = await exportKey(this.args.profile, { store, open: backendsFromFlags(this.flags), selfCommand: selfCommand(this.config.root), checkpoint: crashPoint() })
    if (!this.jsonEnabled()) this.log(`Exported the key ${result.accessKeyId} of profile ${result.profile} from the ${result.backend} vault into ${result.credentialsFile}.`)
    return result
  }
}
