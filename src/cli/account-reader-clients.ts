import { type AwsClientOptions, AwsClients } from '../aws/clients.js'
import { mfaCodeSource } from '../mfa/mfa-code-source.js'
import { ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import { profileCredentials } from '../session/profile-credentials.js'
import { keyStoreFromFlags } from './key-store-from-flags.js'
import { profileAws } from './profile-aws.js'
import { ssoContext } from './sso-context.js'

export interface AccountReaderFlags {
  profile?: string
  region?: string
  'endpoint-url'?: string
  timeout?: number
  debug?: boolean
}

/**
 * The clients of a command that reads the account and never prompts (`audit`, `policy
 * from-usage`). With `--profile NAME` they sign with what iamkit resolves for that profile
 * (src/session/profile-credentials.ts: iamkit's reader, its refusals and redaction), without a
 * person: codes only from `mfa_process`, a vault's passphrase only from IAMKIT_VAULT_PASSPHRASE
 * or `vault_passphrase_process`, no new SSO sign-in. Without it, the SDK's default chain
 * (environment, AWS_PROFILE, SSO, instance roles) signs, aimed by AWS_PROFILE's settings.
 */
export async function accountReaderClients(flags: AccountReaderFlags, reporter: Reporter, options: Pick<AwsClientOptions, 'retryStrategy'> = {}): Promise<AwsClients> {
  const base = {
    region: flags.region,
    endpointUrl: flags['endpoint-url'],
    timeoutSeconds: flags.timeout,
    ...options,
    ...(flags.debug ? { reporter } : {}),
  }
  const name = flags.profile
  if (!name) {
    const fromEnv = process.env.AWS_PROFILE
    const settings = fromEnv ? (await new ProfileStore().read()).profile(fromEnv)?.settings : undefined
    return new AwsClients({ ...base, profileSettings: settings })
  }
  const store = new ProfileStore()
  const snapshot = await store.read()
  const settings = snapshot.require(name).settings
  const aws = profileAws(snapshot, name, flags, reporter, options)
  try {
    const credentials = await profileCredentials(name, {
      snapshot,
      store,
      keys: keyStoreFromFlags(store, {}, { prompt: false }),
      sts: aws.sts,
      codes: mfaCodeSource({}),
      sso: ssoContext(aws.sso, { browser: false, person: false }),
      reporter,
    })
    if (credentials) {
      aws.identity.use(credentials)
      return aws.clients
    }
  } catch (err) {
    await aws.clients.destroy()
    throw err
  }
  await aws.clients.destroy()
  return new AwsClients({ ...base, profileSettings: settings, profileName: name })
}
