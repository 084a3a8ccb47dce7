import type { StsGateway } from '../aws/sts-gateway.js'
import type { Credentials } from '../aws/switchable-credentials.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import type { SsoContext } from '../sso/sso-role-session.js'
import type { Reporter } from '../reporter.js'
import type { LoginPlan } from './login-plan.js'
import type { SessionCredentials } from './session-credentials.js'

/**
 * One way of getting a session for a profile, like one of botocore's credential providers.
 * The resolver asks each registered source in turn (session-sources.ts) and the first that
 * answers wins; a source that does not apply, or could only answer by asking a person when
 * the command allows none, answers `undefined`. A source that tried and failed throws.
 */
export interface SessionSource {
  /** For --debug: which source served the session. */
  readonly name: string
  load(need: SessionNeed, run: SessionRun): Promise<Obtained | undefined>
}

/** The profile a session is wanted for, and why. */
export interface SessionNeed {
  plan: LoginPlan
  /**
   * The profile the person named (true), or a source profile further down a role chain (false):
   * --force and --duration apply to the requested one only, and a source's session only has to
   * outlive the AssumeRole it signs.
   */
  requested: boolean
  /** MFA settings of the role whose source this is: its `mfa_serial` serves a source without one, its `mfa_process` wins. */
  inherited?: InheritedMfa
}

export interface InheritedMfa {
  profile: string
  serial?: string
  process?: string
}

export interface Obtained {
  credentials: Credentials
  /** Read from the files rather than made now. */
  reused: boolean
  source: string
}

/** What a source may use: the files as read once for this command, STS, and the command's rules. */
export interface SessionRun {
  readonly snapshot: ProfileSnapshot
  readonly sts: StsGateway
  readonly reporter: Reporter
  now(): Date
  /**
   * Where MFA codes may come from in this command: login and exec may ask a person (flags,
   * `mfa_process`, a prompt); credential-process only what needs no person (`mfa_process`).
   * Undefined: no code source at all, so a session that needs a code cannot be made here.
   */
  readonly codes?: MfaCodeSource
  /** IAM Identity Center: the token cache and services; without it SSO profiles cannot be served here. */
  readonly sso?: SsoContext
  /** No person is there (credential-process): only what SPEC §4 lets iamkit do alone. */
  readonly unattended: boolean
  readonly force: boolean
  readonly durationSeconds?: number
  /** Whether new sessions are written to `[<profile>-sts]` (login --format env|json prints only). */
  readonly persist: boolean
  /** A session for another profile (a role's source), by the same list of sources. */
  resolve(need: SessionNeed): Promise<Obtained>
  /**
   * Makes a new session for `need` once across concurrent iamkit processes: holding the profile's
   * renewal lock, it re-reads the file and returns a session that another process stored
   * meanwhile, or calls `make` and stores its session (under the credentials file's lock, for the
   * rewrite only) before letting the next maker in. Anything that waits for a person or a command
   * (a code) must happen before, never inside `make`.
   */
  refresh(need: SessionNeed, source: string, make: () => Promise<SessionCredentials>): Promise<Obtained>
}
