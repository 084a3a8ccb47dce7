import type { Credentials } from '../aws/switchable-credentials.js'
import { UsageError } from '../errors.js'
import type { Profile } from '../profiles/profile.js'
import { staticCredentials } from '../profiles/profile-keys.js'
import { type ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import { credentialsFileKeys, type KeyStore } from '../profiles/key-store.js'
import { isSsoProfile, ssoRoleConfig, type SsoRoleConfig, usesSso } from '../sso/sso-config.js'
import type { LongTermKeySource } from './long-term-keys.js'

/**
 * What a profile is, resolved from the files before any call (login, exec, credential-process
 * and status all read profiles through it):
 * - `user`: long-term keys, traded for an MFA session with sts:GetSessionToken;
 * - `role`: `role_arn` + `source_profile`, assumed with the source's credentials;
 * - `sso`: an IAM Identity Center account and role (`sso_session` or the legacy `sso_start_url`),
 *   whose session comes from sso:GetRoleCredentials;
 * - `static`: a session already in the file, usable only as a source.
 */
export type LoginPlan = UserPlan | RolePlan | SsoPlan | StaticPlan

export interface UserPlan {
  kind: 'user'
  profile: Profile
  keys: LongTermKeySource
}

export interface RolePlan {
  kind: 'role'
  profile: Profile
  roleArn: string
  externalId?: string
  roleSessionName?: string
  durationSeconds?: number
  mfaSerial?: string
  source: LoginPlan
}

export interface SsoPlan {
  kind: 'sso'
  profile: Profile
  sso: SsoRoleConfig
}

export interface StaticPlan {
  kind: 'static'
  profile: Profile
  credentials: Credentials
}

/**
 * `keys`: where user profiles' long-term keys come from — commands pass the one that also reads
 * vaults (src/cli/key-store-from-flags.ts); the default knows the shared files only, which is
 * enough for callers that never load a key (status).
 */
export function planLogin(snapshot: ProfileSnapshot, name: string, keys: KeyStore = credentialsFileKeys(new ProfileStore())): LoginPlan {
  return planFor(snapshot, snapshot.require(name), [], keys)
}

function planFor(snapshot: ProfileSnapshot, profile: Profile, via: string[], keys: KeyStore): LoginPlan {
  const settings = profile.settings
  if (settings.role_arn) return rolePlan(snapshot, profile, via, keys)
  // After role_arn, as in botocore's provider order. A profile that only signs in (no account and
  // role, no keys) gets the SSO settings' own error rather than "add an access key".
  if (isSsoProfile(profile) || (usesSso(profile) && !settings.aws_access_key_id)) return { kind: 'sso', profile, sso: ssoRoleConfig(snapshot, profile) }
  const credentials = staticCredentials(profile)
  if (credentials?.sessionToken) return { kind: 'static', profile, credentials }
  return { kind: 'user', profile, keys: keys.forProfile(profile) }
}

function rolePlan(snapshot: ProfileSnapshot, profile: Profile, via: string[], keys: KeyStore): RolePlan {
  const { role_arn: roleArn, source_profile: sourceName } = profile.settings
  if (!sourceName) {
    const alternative = profile.settings.credential_source ? ' (credential_source is not supported by iamkit)' : ''
    throw new UsageError(
      'NO_SOURCE_PROFILE',
      `role profile "${profile.name}" has no source_profile${alternative}; add "source_profile = <profile with your access key>" to [profile ${profile.name}]`,
    )
  }
  const chain = [...via, profile.name]
  let source: LoginPlan
  if (sourceName === profile.name) {
    // botocore allows a profile to be its own source when it also holds keys.
    source = { kind: 'user', profile, keys: keys.forProfile(profile) }
  } else {
    if (chain.includes(sourceName)) {
      throw new UsageError('SOURCE_PROFILE_LOOP', `source_profile loops: ${[...chain, sourceName].join(' → ')}; point one of them at a profile with access keys`)
    }
    const sourceProfile = snapshot.profile(sourceName)
    if (!sourceProfile) {
      throw new UsageError('SOURCE_PROFILE_MISSING', `profile "${profile.name}" names source_profile "${sourceName}", which is not defined in the credentials or config file`)
    }
    source = planFor(snapshot, sourceProfile, chain, keys)
  }
  return {
    kind: 'role',
    profile,
    roleArn: roleArn!,
    externalId: profile.settings.external_id,
    roleSessionName: profile.settings.role_session_name,
    durationSeconds: parseDuration(profile),
    mfaSerial: profile.settings.mfa_serial,
    source,
  }
}

function parseDuration(profile: Profile): number | undefined {
  const raw = profile.settings.duration_seconds
  if (raw === undefined) return undefined
  const seconds = Number(raw)
  if (!Number.isInteger(seconds) || seconds < 900) {
    throw new UsageError('BAD_DURATION', `duration_seconds = ${raw} in profile "${profile.name}" is not a whole number of seconds ≥ 900`)
  }
  return seconds
}

/** The MFA device the plan's user session needs: the user's own, else one a role names. */
export function mfaSerialFor(plan: LoginPlan, inherited?: string): string | undefined {
  if (plan.kind === 'user') return plan.profile.settings.mfa_serial ?? inherited
  if (plan.kind === 'role') return mfaSerialFor(plan.source, plan.mfaSerial ?? inherited)
  return undefined
}
