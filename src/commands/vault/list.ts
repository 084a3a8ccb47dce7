import { BaseCommand } from '../../cli/base-command.js'
import { backendsFromFlags } from '../../cli/key-store-from-flags.js'
import { ProfileStore } from '../../profiles/profile-store.js'
import { listVault, type VaultListing } from '../../vault/list-vault.js'

export default class VaultList extends BaseCommand<typeof VaultList> {
  static override summary = 'List the profiles whose keys are in a vault, and where (no secrets, no passphrase).'
  static override description = `State "ok": the profile names the vault and the vault holds its key; "missing": the profile names a vault that holds no key for it; "unused": the vault holds a key no profile names (an interrupted import or export: run it again).`
  static override examples = ['<%= config.bin %> vault list', '<%= config.bin %> vault list --json']

  async run(): Promise<{ profiles: VaultListing[] }> {
    const rows = await listVault({ store: new ProfileStore(), open: backendsFromFlags({}) })
    if (!this.jsonEnabled()) {
      if (rows.length === 0) this.log('No profile keeps its key in a vault; "iamkit vault import <profile>" moves one there.')
      const width = Math.max(7, ...rows.map((r) => r.profile.length))
      if (rows.length) this.log(`${'PROFILE'.padEnd(width)}  BACKEND   STATE`)
      for (const row of rows) this.log(`${row.profile.padEnd(width)}  ${row.backend.padEnd(8)}  ${row.state}`)
    }
    return { profiles: rows }
  }
}
