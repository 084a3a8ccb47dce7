import { Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { crashPoint } from '../cli/crash-point.js'
import { awsFlags, mfaFlags, profileArg, vaultPassphraseFlag } from '../cli/flags.js'
import { keyStoreFromFlags } from '../cli/key-store-from-flags.js'
import { mfaCodeFromFlags } from '../cli/mfa-code-from-flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { isInteractive } from '../cli/terminal.js'
import { promptConfirm } from '../mfa/terminal-prompts.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { systemClock } from '../clock.js'
import { rotateAccessKey } from '../rotation/rotate.js'
import type { RotateResult } from '../rotation/rotation-result.js'

export default class Rotate extends BaseCommand<typeof Rotate> {
  static override summary = "Rotate the profile's IAM access key without ever losing a working key."
  static override description = `Creates a new access key, waits until AWS accepts it, writes it into the profile, then deactivates and deletes the old key. A failure before the profile is updated deletes the new key and leaves the file as it was; after a crash, the next "iamkit rotate <profile>" finishes or undoes the interrupted rotation first.

With mfa_serial in the profile, one MFA code serves the whole run. Sessions made with the old key keep working until they expire. From cron, combine --if-older-than with --mfa-command.`
  static override examples = [
    '<%= config.bin %> rotate default',
    '<%= config.bin %> rotate default --dry-run',
    '<%= config.bin %> rotate default --if-older-than 90 --mfa-command "ykman oath accounts code -s aws"   # from cron',
  ]
  static override args = { profile: profileArg }
  static override flags = {
    ...awsFlags,
    ...mfaFlags,
    ...vaultPassphraseFlag,
    'if-older-than': Flags.integer({ description: 'Rotate only a key at least DAYS old; otherwise exit 0 without a change (for cron)', min: 0, helpValue: 'DAYS' }),
    'dry-run': Flags.boolean({ description: 'Print the plan after read-only calls; change nothing' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (it is only asked on a terminal)' }),
    'keep-old': Flags.boolean({ description: 'Leave the old key Inactive instead of deleting it' }),
    'delete-inactive': Flags.boolean({ description: "Make room by deleting the user's other key when it is Inactive" }),
  }

  async run(): Promise<RotateResult> {
    const { flags } = this
    const mfaCode = mfaCodeFromFlags(flags)
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const aws = profileAws(await store.read(), this.args.profile, flags, this.reporter)
    this.closers.push(() => aws.clients.destroy())
    const { result, lines } = await rotateAccessKey(
      {
        profile: this.args.profile,
        ifOlderThanDays: flags['if-older-than'],
        dryRun: flags['dry-run'],
        yes: flags.yes,
        keepOld: flags['keep-old'],
        deleteInactive: flags['delete-inactive'],
      },
      {
        store,
        keys: keyStoreFromFlags(store, this.flags),
        sts: aws.sts,
        iam: aws.iam,
        mfaCode: mfaCode.source,
        confirm: isInteractive() ? promptConfirm : undefined,
        reporter: this.reporter,
        clock: systemClock,
        checkpoint: crashPoint(),
      },
    )
    mfaCode.noteIfUnused(this.reporter, 'the profile has no mfa_serial, so its access key signs the rotation (run iamkit init to find the device)')
    if (!this.jsonEnabled()) for (const line of lines) this.log(line)
    return result
  }
}
