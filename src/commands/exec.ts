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
  // oclif's usage line would have no "--" and no command (SPEC §4).
  static override usage = ['<%= command.id %> PROFILE [FLAGS] -- COMMAND [ARGS…]', '<%= command.id %> PROFILE [FLAGS]']
  static override args = { profile: profileArg }
  static override flags = { ...awsFlags, ...mfaFlags, ...ssoFlags, ...vaultPassphraseFlag }

  async run() {
    const command = this.#command
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

  /** The command after `--` (none: the person's shell), set aside before oclif parses the rest. */
  #command: string[] = []
  #separated = false

  /**
   * Everything after `--` belongs to the command being run, so oclif parses only what comes
   * before it, strictly: a stray word there is bad input, and exec needs no `strict = false`
   * (which oclif's help would show as "PROFILE...").
   */
  protected override ownArgv(): string[] {
    const separator = this.argv.indexOf('--')
    if (separator === -1) return this.argv
    this.#separated = true
    this.#command = this.argv.slice(separator + 1)
    return this.argv.slice(0, separator)
  }

  override async catch(err: Error & { oclif?: { exit?: number }; code?: string }): Promise<void> {
    // `iamkit exec admin aws s3 ls`: the command was meant, without its "--".
    if (!this.#separated && err.oclif?.exit === 2 && /^Unexpected arguments?: /.test(err.message)) {
      const profile = this.argv[0] && !this.argv[0].startsWith('-') ? this.argv[0] : 'PROFILE'
      return super.catch(new UsageError('USAGE', `put the command to run after "--", e.g. iamkit exec ${profile} -- aws sts get-caller-identity`))
    }
    return super.catch(err)
  }
}
