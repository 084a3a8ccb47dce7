import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { UsageError } from '../errors.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { logout } from '../session/logout.js'
import { SsoTokenCache } from '../sso/token-cache.js'

export default class Logout extends BaseCommand<typeof Logout> {
  static override summary = 'Remove the stored session [<profile>-sts] of a profile, or of every profile with --all.'
  static override description = `Edits the credentials file line by line: every other line stays byte-identical. A section is removed only when it is an iamkit session (a session token and an expiry) of a profile that exists.

For an IAM Identity Center profile it also removes the cached sign-in token in ~/.aws/sso/cache, which the AWS CLI shares: the AWS CLI is signed out of that sso-session too.`
  static override examples = ['<%= config.bin %> logout admin', '<%= config.bin %> logout --all']
  static override args = { profile: Args.string({ description: 'Profile whose session to remove', required: false }) }
  static override flags = { all: Flags.boolean({ description: 'Remove the sessions of every profile' }) }

  async run() {
    const { profile } = this.args
    const { all } = this.flags
    if (Boolean(profile) === Boolean(all)) throw new UsageError('USAGE', 'name one profile or pass --all, e.g. iamkit logout admin')
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const result = await logout({ profile, all }, { store, snapshot: await store.read(), ssoCache: SsoTokenCache.forHome() })
    if (!this.jsonEnabled()) {
      if (result.removed.length) this.log(`Removed ${result.removed.map((s) => `[${s}]`).join(', ')} from ${store.paths.credentials}.`)
      if (result.removedSsoTokens.length) this.log(`Removed the cached IAM Identity Center token of ${result.removedSsoTokens.join(', ')}.`)
      if (!result.removed.length && !result.removedSsoTokens.length) this.log('No stored session to remove.')
    }
    return { removed: result.removed, removedSsoTokens: result.removedSsoTokens }
  }
}
