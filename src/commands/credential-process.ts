import { BaseCommand } from '../cli/base-command.js'
import { profileArg } from '../cli/flags.js'
import { ProfileStore } from '../profiles/profile-store.js'
import { cachedSession } from '../session/credential-process.js'
import { credentialProcessDocument } from '../session/session-credentials.js'

export default class CredentialProcess extends BaseCommand<typeof CredentialProcess> {
  static override summary = 'Print the cached session as credential_process JSON, for the AWS CLI and SDKs.'
  static override description = `For the config file:

  [profile work]
  credential_process = iamkit credential-process default

It never prompts: with no valid session it fails and says to run "iamkit login <profile>".`
  static override args = { profile: profileArg }

  async run() {
    const session = await cachedSession(new ProfileStore(), this.args.profile)
    const document = credentialProcessDocument(session)
    if (!this.jsonEnabled()) this.log(JSON.stringify(document))
    return document
  }
}
