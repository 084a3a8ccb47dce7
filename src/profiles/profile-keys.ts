import type { Credentials } from '../aws/switchable-credentials.js'
import { registerSecret } from '../redact.js'
import { UsageError } from '../errors.js'
import type { Profile } from './profile.js'

/** Session (temporary) access key ids start with ASIA; long-term user keys with AKIA. */
export function isSessionKeyId(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA')
}

/**
 * The profile's long-term access key, or a usage error saying why it has none. Session keys
 * are refused: they cannot get MFA sessions, be rotated, or outlive their expiry.
 */
export function longTermKeys(profile: Profile): Credentials {
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, aws_session_token: sessionToken } = profile.settings
  if (!accessKeyId || !secretAccessKey) {
    throw new UsageError(
      'NO_KEYS',
      noKeyOfItsOwn(profile) ??
        `profile "${profile.name}" has no aws_access_key_id and aws_secret_access_key; add the IAM user's access key with "aws configure --profile ${profile.name}"`,
    )
  }
  if (sessionToken || isSessionKeyId(accessKeyId)) {
    throw new UsageError(
      'SESSION_KEYS',
      `profile "${profile.name}" holds temporary session credentials (${accessKeyId}); iamkit needs the IAM user's long-term access key (AKIA…) here`,
    )
  }
  registerSecret(secretAccessKey)
  return { accessKeyId, secretAccessKey }
}

/** Static credentials of any kind in the profile (long-term or a session), if it has them. */
export function staticCredentials(profile: Profile): Credentials | undefined {
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, aws_session_token: sessionToken } = profile.settings
  if (!accessKeyId || !secretAccessKey) return undefined
  registerSecret(secretAccessKey)
  registerSecret(sessionToken)
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
}

/**
 * Why a role or IAM Identity Center profile has no access key, in words that fit its kind: it
 * never has one of its own, so "add the IAM user's access key" would send the person astray.
 * Undefined for any other profile.
 */
export function noKeyOfItsOwn(profile: Profile): string | undefined {
  const { role_arn: roleArn, source_profile: source, credential_source: credentialSource, sso_session: ssoSession, sso_start_url: ssoStartUrl } = profile.settings
  if (roleArn) {
    if (source) {
      return `profile "${profile.name}" is a role profile (role_arn ${roleArn}): it has no access key of its own and assumes the role with the key of source_profile "${source}"; use profile "${source}" here`
    }
    return `profile "${profile.name}" is a role profile (role_arn ${roleArn}${credentialSource ? `, credential_source ${credentialSource}` : ''}): it has no access key of its own`
  }
  if (ssoSession || ssoStartUrl) {
    return `profile "${profile.name}" signs in through IAM Identity Center (${ssoSession ? `sso_session ${ssoSession}` : `sso_start_url ${ssoStartUrl}`}) and has no access key of its own; "iamkit login ${profile.name}" gets its role session`
  }
  return undefined
}
