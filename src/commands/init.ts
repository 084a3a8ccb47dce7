import { Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { awsFlags, profileArg, vaultPassphraseFlag } from '../cli/flags.js'
import { keyStoreFromFlags } from '../cli/key-store-from-flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { isInteractive } from '../cli/terminal.js'
import { initProfile, type InitResult } from '../identity/init-profile.js'
import { promptChoice } from '../mfa/terminal-prompts.js'
import { ProfileStore } from '../profiles/profile-store.js'

export default class Init extends BaseCommand<typeof Init> {
  static override summary = "Find the profile's IAM user name and MFA device and store them in the profile."
  static override description = `Calls sts:GetCallerIdentity and iam:ListMFADevices with the profile's access key and writes username and mfa_serial into its section of the credentials file. With several devices, pick one with --mfa-serial (or interactively on a terminal).`
  static override examples = ['<%= config.bin %> init default', '<%= config.bin %> init work --mfa-serial arn:aws:iam::123456789012:mfa/alice-phone']
  static override args = { profile: profileArg }
  static override flags = {
    ...awsFlags,
    ...vaultPassphraseFlag,
    'mfa-serial': Flags.string({ helpValue: 'ARN', description: 'The MFA device to use when the user has several (its ARN or hardware serial)' }),
  }

  async run(): Promise<InitResult> {
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const aws = profileAws(await store.read(), this.args.profile, this.flags, this.reporter)
    this.closers.push(() => aws.clients.destroy())
    const { changed, ...result } = await initProfile(
      { profile: this.args.profile, mfaSerial: this.flags['mfa-serial'] },
      {
        store,
        keys: keyStoreFromFlags(store, this.flags),
        sts: aws.sts,
        iam: aws.iam,
        chooseDevice: isInteractive() ? (serials) => promptChoice('Which MFA device?', serials.map((s) => ({ name: s, value: s }))) : undefined,
        reporter: this.reporter,
      },
    )
    if (!this.jsonEnabled()) {
      this.log(`Profile ${result.profile}: IAM user ${result.username} in account ${result.account}`)
      if (result.mfaSerial) this.log(`MFA device: ${result.mfaSerial}`)
      const settings = result.mfaSerial ? 'username and mfa_serial' : 'username'
      this.log(changed ? `Saved to ${store.paths.credentials}` : `Unchanged: ${settings} in ${store.paths.credentials} already said so; nothing was written`)
    }
    return result
  }
}
