import type { Credentials } from '../aws/switchable-credentials.js'
import type { Profile } from '../profiles/profile.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import { staticCredentials } from '../profiles/profile-keys.js'
import { keyHomeOf } from '../profiles/key-store.js'
import { usesSso } from '../sso/sso-config.js'
import { credentialProcessSession, type CredentialProcessDeps } from './credential-process.js'
import { planLogin } from './login-plan.js'

/**
 * The credentials a command that never prompts (`audit`, `policy from-usage`) signs with for
 * `--profile NAME`: what the AWS CLI would use for that profile, but read by iamkit's own reader,
 * so botocore's refusals and the two readers' disagreements are exit 2 and every secret in the
 * files is registered for redaction before any call. In botocore's order:
 * - a role (`role_arn` + `source_profile`) or IAM Identity Center profile: its session from the
 *   shared sources without a person, as `iamkit credential-process` gets it (a stored session,
 *   the role assumed again with the source's stored session, `mfa_process`, a refreshed token);
 * - keys in the files: a session's keys as they are, a long-term key as it is (botocore does not
 *   turn `mfa_serial` alone into an MFA session);
 * - a vault profile: through its `credential_process` (iamkit's) when it has one, else its key.
 * `undefined` for what iamkit does not resolve itself (another tool's `credential_process`,
 * `web_identity_token_file`, `credential_source`): the SDK's chain serves those as before.
 */
export async function profileCredentials(name: string, deps: CredentialProcessDeps): Promise<Credentials | undefined> {
  const { snapshot } = deps
  const profile = snapshot.require(name)
  if (!resolvableByIamkit(snapshot, profile, [])) return undefined
  const plan = planLogin(snapshot, name, deps.keys)
  if (plan.kind === 'role' || plan.kind === 'sso') return credentialProcessSession(name, deps)
  if (plan.kind === 'static') return plan.credentials
  if (keyHomeOf(profile) !== 'file' && profile.settings.credential_process) return credentialProcessSession(name, deps)
  return plan.keys.load()
}

function resolvableByIamkit(snapshot: ProfileSnapshot, profile: Profile, via: string[]): boolean {
  const { settings } = profile
  if (settings.role_arn) {
    const source = settings.source_profile
    if (!source || settings.credential_source !== undefined || settings.web_identity_token_file !== undefined) return false
    if (source === profile.name) return staticCredentials(profile) !== undefined || keyHomeOf(profile) !== undefined
    const next = snapshot.profile(source)
    // A missing source or a loop is iamkit's own usage error, raised by planLogin.
    if (!next || via.includes(source)) return true
    return resolvableByIamkit(snapshot, next, [...via, profile.name])
  }
  return usesSso(profile) || keyHomeOf(profile) !== undefined
}
