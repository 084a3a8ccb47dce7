import { Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { durationFlag } from '../cli/duration-flag.js'
import { canOpenBrowser, openInBrowser } from '../cli/browser.js'
import { awsFlags, mfaFlags, profileArg, ssoFlags, vaultPassphraseFlag } from '../cli/flags.js'
import { keyStoreFromFlags } from '../cli/key-store-from-flags.js'
import { mfaCodeFromFlags } from '../cli/mfa-code-from-flags.js'
import { profileAws } from '../cli/profile-aws.js'
import { ssoContext } from '../cli/sso-context.js'
import { consoleSignIn } from '../console/console-sign-in.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { formatExpiration } from '../session/session-credentials.js'

export default class Console extends BaseCommand<typeof Console> {
  static override summary = 'Open the AWS console signed in as the profile (or print the sign-in URL).'
  static override description = `Role and IAM Identity Center profiles sign in with their role session (reused, or renewed as "iamkit login" would). An IAM user profile signs in with a federated session from sts:GetFederationToken and its long-term key; AWS allows that call only without MFA, so that console session carries no MFA context (--policy-arn narrows what it may do).

The sign-in URL opens in your browser; with --print, or where there is no desktop, it is printed on stdout instead. The URL signs in whoever opens it within 15 minutes: treat it like a password.`
  static override examples = [
    '<%= config.bin %> console admin',
    '<%= config.bin %> console sso-dev --destination https://console.aws.amazon.com/iam/home',
    '<%= config.bin %> console default --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess --print',
  ]
  static override args = { profile: profileArg }
  static override flags = {
    ...awsFlags,
    ...mfaFlags,
    ...ssoFlags,
    ...vaultPassphraseFlag,
    print: Flags.boolean({ description: 'Print the sign-in URL on stdout instead of opening a browser' }),
    destination: Flags.string({ description: "Console page to open (default: the console home of the profile's region)", helpValue: 'URL' }),
    duration: durationFlag('Console session length (seconds, or with s, m or h): 15m–12h for role and SSO profiles, 15m–36h for user profiles (default 1h)'),
    'policy-arn': Flags.string({ description: 'A managed policy that narrows the console session of an IAM user profile (repeatable)', multiple: true, helpValue: 'ARN' }),
    'signin-endpoint': Flags.string({ description: "The sign-in federation endpoint (default: the partition's, e.g. https://signin.aws.amazon.com/federation)", env: 'IAMKIT_SIGNIN_ENDPOINT', helpValue: 'URL', helpGroup: 'AWS' }),
  }

  async run() {
    const store = new ProfileStore(undefined, { reporter: this.reporter })
    const snapshot = await store.read()
    const aws = profileAws(snapshot, this.args.profile, this.flags, this.reporter)
    this.closers.push(() => aws.clients.destroy())
    const mfa = mfaCodeFromFlags(this.flags)
    const signIn = await consoleSignIn(
      {
        profile: this.args.profile,
        region: aws.clients.region,
        durationSeconds: this.flags.duration,
        policyArns: this.flags['policy-arn'] ?? [],
        destination: this.flags.destination,
        signinEndpoint: this.flags['signin-endpoint'],
      },
      {
        store,
        keys: keyStoreFromFlags(store, this.flags),
        snapshot,
        sts: aws.sts,
        mfaCode: mfa.source,
        sso: ssoContext(aws.sso, { browser: !this.flags['no-browser'], person: true }),
        reporter: this.reporter,
        signin: { timeoutMs: aws.clients.timeouts.answerMs },
      },
    )
    const summary = { profile: signIn.profile, kind: signIn.kind, destination: signIn.destination, expiration: formatExpiration(signIn.expiration), mfa: signIn.mfa }
    // The URL goes to stdout only where the person asked for it or no browser can take it (SPEC §0, §9).
    const opened = !this.flags.print && canOpenBrowser() && (await openInBrowser(signIn.url))
    if (opened) {
      this.reporter.info(`Opened the AWS console as "${signIn.profile}" in your browser; the session lasts until ${summary.expiration}.`)
      return { ...summary, opened: true }
    }
    if (!this.flags.print) this.reporter.info('No browser to open here: this is the sign-in URL (valid for 15 minutes; anyone who opens it is signed in).')
    if (!this.jsonEnabled()) this.log(signIn.url)
    return { ...summary, opened: false, url: signIn.url }
  }
}
