import { Flags } from '@oclif/core'

import { BaseCommand } from '../../cli/base-command.js'
import { confirmOrRefuse } from '../../cli/confirm-or-refuse.js'
import { crashPoint } from '../../cli/crash-point.js'
import { profileArg, vaultPassphraseFlag } from '../../cli/flags.js'
import { backendsFromFlags } from '../../cli/key-store-from-flags.js'
import { selfCommand } from '../../cli/self-command.js'
import { ProfileStore } from '../../profiles/profile-store.js'
import { removeKey, type RemoveResult } from '../../vault/remove-key.js'
import { BACKEND_KINDS, type BackendKind } from '../../vault/vault-backend.js'

export default class VaultRemove extends BaseCommand<typeof VaultRemove> {
  static override summary = "Delete a vault profile's key from its vault (the key itself stays valid in IAM)."
  static override description = `Deletes the key from the keychain or the vault file, then removes iamkit_vault (and iamkit's own credential_process line) from the profile's config section. This machine then has no copy of the key: delete or deactivate it in IAM too, or use "iamkit vault export" to keep it. Asks first on a terminal; otherwise needs --yes.`
  static override examples = ['<%= config.bin %> vault remove old-profile', '<%= config.bin %> vault remove leftover --backend file --yes']
  static override args = { profile: profileArg }
  static override flags = {
    backend: Flags.string({ description: 'The vault to delete from, for a profile whose config no longer names one', options: [...BACKEND_KINDS] }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (required without a terminal)' }),
    ...vaultPassphraseFlag,
  }

  async run(): Promise<RemoveResult> {
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    await confirmOrRefuse(this.flags.yes, `Delete the key of profile ${this.args.profile} from the vault? No copy stays on this machine.`, 'vault remove')
    const result = await removeKey(this.args.profile, this.flags.backend as BackendKind | undefined, {
      store,
      open: backendsFromFlags(this.flags),
      selfCommand: selfCommand(this.config.root),
      checkpoint: crashPoint(),
    })
    if (!this.jsonEnabled()) {
      this.log(result.deleted ? `Deleted the key of profile ${result.profile} from the ${result.backend} vault.` : `The ${result.backend} vault held no key for profile ${result.profile}; its config no longer names the vault.`)
    }
    return result
  }
}
