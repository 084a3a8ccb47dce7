import { Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { durationFlag } from '../cli/duration-flag.js'
import { awsFlags, mfaFlags, profileArg, ssoFlags, vaultPassphraseFlag } from '../cli/flags.js'
import { keyStoreFromFlags } from '../cli/key-store-from-flags.js'
import { mfaCodeFromFlags } from '../cli/mfa-code-from-flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { ssoContext } from '../cli/sso-context.js'
import { UsageError } from '../errors.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { login } from '../session/login.js'
import { credentialProcessDocument, formatExpiration, shellExports } from '../session/session-credentials.js'

export default class Login extends BaseCommand<typeof Login> {
  static override summary = 'Trade the long-term key and an MFA code (or an IAM Identity Center sign-in) for temporary credentials in [<profile>-sts].'
  static override description = `A user profile gets an MFA session (sts:GetSessionToken); a role profile (role_arn and source_profile) assumes its role through its source's MFA session, limited by AWS to one hour. An IAM Identity Center profile (sso_session, or the legacy sso_start_url) gets its role session with sso:GetRoleCredentials, using the sign-in token the AWS CLI shares in ~/.aws/sso/cache: a valid one as it is, an expired one renewed with its refresh token, otherwise a new sign-in in the browser (the URL and code are shown on stderr). A stored session with at least 15 minutes left is reused without asking for a code.

--format env prints export lines for eval and --format json prints a credential_process document; neither writes any file.`
  static override examples = [
    '<%= config.bin %> login default',
    'aws s3 ls --profile default-sts',
    'eval "$(<%= config.bin %> login default --format env)"',
    '<%= config.bin %> login admin --mfa-command "ykman oath accounts code -s aws"',
    '<%= config.bin %> login sso-dev --no-browser',
  ]
  static override args = { profile: profileArg }
  static override flags = {
    ...awsFlags,
    ...mfaFlags,
    ...ssoFlags,
    ...vaultPassphraseFlag,
    force: Flags.boolean({ description: 'Get a new session even if the stored one is still valid' }),
    duration: durationFlag('Session length (seconds, or with s, m or h): 15m–36h for users, 15m–1h for roles assumed through MFA'),
    format: Flags.string({ description: 'file: write [<profile>-sts]; env: print export lines; json: print a credential_process document', options: ['file', 'env', 'json'], default: 'file' }),
  }

  async run() {
    const { format } = this.flags
    if (this.jsonEnabled() && format === 'env') throw new UsageError('USAGE', '--json and --format env ask for two different outputs; choose one')
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const snapshot = await store.read()
    const aws = profileAws(snapshot, this.args.profile, this.flags, this.reporter)
    const mfa = mfaCodeFromFlags(this.flags)
    this.closers.push(() => aws.clients.destroy())
    const result = await login(
      { profile: this.args.profile, force: this.flags.force, durationSeconds: this.flags.duration, persist: format === 'file' },
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
    mfa.noteIfUnused(
      this.reporter,
      result.reused
        ? 'a valid stored session was reused (--force gets a new one)'
        : result.kind === 'sso'
          ? 'an IAM Identity Center profile signs in without an MFA code'
          : 'the profile has no mfa_serial (run iamkit init to find the device)',
    )
    if (result.reused && this.flags.duration !== undefined) this.reporter.warn('--duration was not used: a valid stored session was reused (--force gets a new one)')
    const expiration = formatExpiration(result.credentials.expiration)
    if (format === 'env') {
      this.log(shellExports(result.credentials))
      return
    }
    if (format === 'json') {
      // The credentials themselves, as the person asked (SPEC §0 secrets rule).
      const document = credentialProcessDocument(result.credentials)
      if (this.jsonEnabled()) return document
      this.log(JSON.stringify(document, null, 2))
      return
    }
    if (!this.jsonEnabled()) {
      const what = result.reused ? 'Reusing the session in' : 'Wrote a new session to'
      this.log(`${what} [${result.sessionProfile}], valid until ${expiration}. Use it with --profile ${result.sessionProfile}.`)
    }
    return {
      profile: result.profile,
      sessionProfile: result.sessionProfile,
      kind: result.kind,
      reused: result.reused,
      expiration,
      accessKeyId: result.credentials.accessKeyId,
      ...(result.roleArn ? { roleArn: result.roleArn } : {}),
      mfaSerial: result.mfaSerial ?? null,
    }
  }
}
