import { UsageError } from '../errors.js'
import type { Profile } from '../profiles/profile.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'

/**
 * Where an IAM Identity Center profile signs in and which role it gets, resolved as botocore
 * resolves it: `sso_session` names an `[sso-session NAME]` section (start URL, region,
 * registration scopes); the legacy form keeps `sso_start_url` and `sso_region` in the profile.
 */
export interface SsoConfig {
  /** The profile the settings came from. */
  profile: string
  /** The `sso_session` name; undefined for the legacy form. It names the token cache file. */
  sessionName?: string
  startUrl: string
  /** Where IAM Identity Center runs (`sso_region`), which need not be the profile's `region`. */
  region: string
  /** Scopes to register the OIDC client with; refresh tokens need them (`sso:account:access`). */
  registrationScopes: string[]
}

/** An SSO profile that names an account and a role: one `sso:GetRoleCredentials` away from a session. */
export interface SsoRoleConfig extends SsoConfig {
  accountId: string
  roleName: string
}

const ROLE_KEYS = ['sso_account_id', 'sso_role_name'] as const

/** Whether the profile gets its credentials from IAM Identity Center (botocore's test: it names an account or role). */
export function isSsoProfile(profile: Profile): boolean {
  return ROLE_KEYS.some((key) => profile.settings[key] !== undefined)
}

/** Whether the profile signs in to IAM Identity Center at all (also a token-only `sso_session` profile). */
export function usesSso(profile: Profile): boolean {
  return isSsoProfile(profile) || profile.settings.sso_session !== undefined || profile.settings.sso_start_url !== undefined
}

/** The sign-in settings of a profile that uses SSO, or a usage error naming what is missing. */
export function ssoConfig(snapshot: ProfileSnapshot, profile: Profile): SsoConfig {
  const settings = { ...profile.settings }
  const sessionName = settings.sso_session
  if (sessionName !== undefined) {
    const session = snapshot.ssoSession(sessionName)
    if (!session) {
      throw new UsageError('SSO_SESSION_MISSING', `profile "${profile.name}" names sso_session "${sessionName}", but ${snapshot.config.path} has no [sso-session ${sessionName}] section`)
    }
    for (const [key, value] of Object.entries(session)) {
      // botocore refuses a profile and its sso-session that disagree, rather than pick one.
      if (settings[key] !== undefined && settings[key] !== value) {
        throw new UsageError('SSO_SETTINGS_DISAGREE', `${key} is "${settings[key]}" in profile "${profile.name}" but "${value}" in [sso-session ${sessionName}]; keep one of them`)
      }
      settings[key] = value
    }
  }
  const where = sessionName !== undefined ? `[sso-session ${sessionName}]` : `profile "${profile.name}"`
  const missing = ['sso_start_url', 'sso_region'].filter((key) => !settings[key])
  if (missing.length) throw new UsageError('SSO_SETTINGS_MISSING', `${where} needs ${missing.join(' and ')} to sign in to IAM Identity Center`)
  return {
    profile: profile.name,
    ...(sessionName !== undefined ? { sessionName } : {}),
    startUrl: settings.sso_start_url!,
    region: settings.sso_region!,
    registrationScopes: parseScopes(settings.sso_registration_scopes),
  }
}

/** The full settings of an SSO profile that names its account and role. */
export function ssoRoleConfig(snapshot: ProfileSnapshot, profile: Profile): SsoRoleConfig {
  const config = ssoConfig(snapshot, profile)
  const missing = ROLE_KEYS.filter((key) => !profile.settings[key])
  if (missing.length) {
    throw new UsageError('SSO_SETTINGS_MISSING', `profile "${profile.name}" needs ${missing.join(' and ')} to get a role session from IAM Identity Center`)
  }
  return { ...config, accountId: profile.settings.sso_account_id!, roleName: profile.settings.sso_role_name! }
}

/** The cache and the service know a sign-in by this name: the sso-session, else the start URL. */
export function signInName(config: SsoConfig): string {
  return config.sessionName !== undefined ? `sso-session "${config.sessionName}"` : config.startUrl
}

function parseScopes(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean)
}
