import { BaseCommand } from '../cli/base-command.js'
import { awsFlags, mfaFlags, profileArg, ssoFlags, vaultPassphraseFlag } from '../cli/flags.js'
import { keyStoreFromFlags } from '../cli/key-store-from-flags.js'
import { mfaCodeFromFlags } from '../cli/mfa-code-from-flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { ssoContext } from '../cli/sso-context.js'
import { UsageError } from '../errors.js'
import { IAMKIT_INTERNAL_ENV } from '../aws/clients.js'
import { defaultShell, runWithSession, sessionChildEnv } from '../exec/run-with-session.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { login } from '../session/login.js'
import { formatExpiration } from '../session/session-credentials.js'

export default class Exec extends BaseCommand<typeof Exec> {
  static override summary = "Run a command with the profile's session credentials in its environment."
  static override description = `Logs in first (asking for an MFA code) when no session with 15 minutes left is stored, then runs the command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION set, and AWS_REGION and AWS_DEFAULT_REGION (--region, the environment's, or the profile's), and exits with the command's exit code (127 when it is not found). Without a command it starts your $SHELL (or /bin/sh) with the session.

With --json the command's output goes to stderr and iamkit prints one JSON document with the profile, the session's expiry and the command's exit code.`
  static override examples = [
    '<%= config.bin %> exec default -- aws sts get-caller-identity',
    '<%= config.bin %> exec admin --mfa-command "ykman oath accounts code -s aws" -- terraform plan',
    '<%= config.bin %> exec admin',
  ]
  // oclif would show "PROFILE..." (the command is not strict) and no "--".
  static override usage = ['<%= command.id %> PROFILE [FLAGS] -- COMMAND [ARGS…]', '<%= command.id %> PROFILE [FLAGS]']
  static override args = { profile: profileArg }
  static override flags = { ...awsFlags, ...mfaFlags, ...ssoFlags, ...vaultPassphraseFlag }
  // Everything after `--` belongs to the command being run.
  static override strict = false

  async run() {
    const command = this.commandAfterSeparator()
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const snapshot = await store.read()
    const aws = profileAws(snapshot, this.args.profile, this.flags, this.reporter)
    const mfa = mfaCodeFromFlags(this.flags)
    this.closers.push(() => aws.clients.destroy())
    const session = await login(
      { profile: this.args.profile, persist: true },
      {
        store,
        snapshot,
        keys: keyStoreFromFlags(store, this.flags),
        sts: aws.sts,
        mfaCode: mfa.source,
        sso: ssoContext(aws.sso, { browser: !this.flags['no-browser'], person: true }),
        reporter: this.reporter,
      },
    )
    mfa.noteIfUnused(this.reporter, session.reused ? 'a valid stored session was reused (iamkit login --force gets a new one)' : 'the profile has no mfa_serial (run iamkit init to find the device)')
    // --region, else the environment's, else the profile's: the child gets both variables alike.
    const region = this.flags.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || aws.settings.region
    const env = sessionChildEnv(session.credentials, { region, internal: IAMKIT_INTERNAL_ENV })
    const [program, ...rest] = command.length > 0 ? command : [defaultShell()]
    const exitCode = await runWithSession(program!, rest, env, { stdoutToStderr: this.jsonEnabled() })
    process.exitCode = exitCode
    return {
      profile: session.profile,
      sessionProfile: session.sessionProfile,
      expiration: formatExpiration(session.credentials.expiration),
      command,
      exitCode,
    }
  }

  /** The command after `--`; none means the person's shell. */
  private commandAfterSeparator(): string[] {
    const separator = this.argv.indexOf('--')
    if (separator === -1 && this.positionals.length > 1) {
      throw new UsageError('USAGE', `put the command to run after "--", e.g. iamkit exec ${this.args.profile} -- aws sts get-caller-identity`)
    }
    return separator === -1 ? [] : this.argv.slice(separator + 1)
  }
}
