import { IamkitError } from '../errors.js'
import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import { type LoginPlan, mfaSerialFor, planLogin } from '../session/login-plan.js'
import { type KeyStoreKind, keyStoreOf } from '../session/long-term-keys.js'
import { readSession } from '../session/session-cache.js'
import { usesSso } from '../sso/sso-config.js'
import { formatExpiration } from '../session/session-credentials.js'

/**
 * What a profile is: `user` (a long-term key), `role` (role_arn + source_profile), `sso`
 * (IAM Identity Center), `session` (temporary keys, or an iamkit session section whose profile
 * is gone), `other` (neither, e.g. only credential_process or settings).
 */
export type StatusKind = 'user' | 'role' | 'sso' | 'session' | 'other'

export interface ProfileStatus {
  profile: string
  kind: StatusKind
  /** Where a user profile's long-term key lives. */
  keyStore: KeyStoreKind | null
  mfaSerial: string | null
  roleArn: string | null
  sourceProfile: string | null
  session: SessionStatus | null
  /** Why iamkit could not use this profile as it is (a role without a source, …). */
  problem: string | null
  /** Filled by --check for user profiles (key-check.ts). */
  key?: KeyCheck
}

export interface SessionStatus {
  section: string
  expiration: string
  secondsLeft: number
}

export interface KeyCheck {
  accessKeyId: string
  status?: 'Active' | 'Inactive'
  ageDays?: number
  lastUsed?: string | null
  /** One line: why IAM could not be asked. */
  error?: string
}

/** Every profile (or the named ones) as the files describe it; reads nothing but the snapshot. */
export function profileStatuses(snapshot: ProfileSnapshot, now: Date, only?: string): ProfileStatus[] {
  const names = snapshot.names()
  const known = new Set(names)
  const listed = only
    ? [snapshot.require(only).name]
    : // An iamkit session section is shown with its profile, not as a profile of its own.
      names.filter((name) => !(name.endsWith('-sts') && known.has(name.slice(0, -'-sts'.length))))
  return listed.map((name) => statusOf(snapshot, name, now))
}

function statusOf(snapshot: ProfileSnapshot, name: string, now: Date): ProfileStatus {
  const profile = snapshot.require(name)
  const stored = readSession(snapshot, name)
  const status: ProfileStatus = {
    profile: name,
    kind: 'other',
    keyStore: null,
    mfaSerial: profile.settings.mfa_serial ?? null,
    roleArn: profile.settings.role_arn ?? null,
    sourceProfile: profile.settings.source_profile ?? null,
    session: stored
      ? { section: sessionProfileName(name), expiration: formatExpiration(stored.expiration), secondsLeft: Math.floor((stored.expiration.getTime() - now.getTime()) / 1000) }
      : null,
    problem: null,
  }
  let plan: LoginPlan
  try {
    plan = planLogin(snapshot, name)
  } catch (err) {
    if (!(err instanceof IamkitError)) throw err
    return { ...status, kind: profile.settings.role_arn ? 'role' : usesSso(profile) ? 'sso' : 'other', problem: err.message }
  }
  return { ...status, ...describePlan(plan) }
}

/** The plan's kind as status shows it; a new plan kind is one more case here. */
function describePlan(plan: LoginPlan): Pick<ProfileStatus, 'kind' | 'keyStore' | 'mfaSerial'> {
  switch (plan.kind) {
    case 'user': {
      const keyStore = keyStoreOf(plan.profile) ?? null
      return { kind: keyStore ? 'user' : 'other', keyStore, mfaSerial: mfaSerialFor(plan) ?? null }
    }
    case 'role':
      return { kind: 'role', keyStore: null, mfaSerial: mfaSerialFor(plan) ?? null }
    case 'sso':
      return { kind: 'sso', keyStore: null, mfaSerial: null }
    case 'static':
      return { kind: 'session', keyStore: null, mfaSerial: null }
  }
}
