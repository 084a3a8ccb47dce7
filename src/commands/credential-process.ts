import { BaseCommand } from '../cli/base-command.js'
import { credentialProcessDocumentFor } from '../cli/credential-process-output.js'
import { awsFlags, profileArg } from '../cli/flags.js'

export default class CredentialProcess extends BaseCommand<typeof CredentialProcess> {
  static override summary = 'Print a session as credential_process JSON for the AWS CLI and SDKs, renewing it without a person when it can.'
  static override description = `For the config file:

  [profile work]
  credential_process = iamkit credential-process admin

It never prompts. In order it uses: the stored session; for a role profile, the role assumed again with its source's stored MFA session (no code needed); a new MFA session with a code from the profile's mfa_process; a stored session that has not expired yet. Otherwise it fails (exit 1) and says to run "iamkit login <profile>". Concurrent calls renew once and share the result.`
  static override examples = ['<%= config.bin %> credential-process admin']
  static override args = { profile: profileArg }
  static override flags = { ...awsFlags }

  async run() {
    const document = await credentialProcessDocumentFor(this.args.profile, this.flags, this.reporter)
    if (!this.jsonEnabled()) this.log(JSON.stringify(document))
    return document
  }
}
