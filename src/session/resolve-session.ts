import { basename, dirname, join } from 'node:path'

import type { StsGateway } from '../aws/sts-gateway.js'
import type { MfaCodeSource } from '../mfa/mfa-code-source.js'
import { sessionProfileName } from '../profiles/profile.js'
import type { ProfileSnapshot, ProfileStore } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import type { SsoContext } from '../sso/sso-role-session.js'
import { assertSessionSectionIsOurs, readSession, writeSession } from './session-cache.js'
import { isReusable, type SessionCredentials } from './session-credentials.js'
import { SESSION_SOURCES } from './session-sources.js'
import type { Obtained, SessionNeed, SessionRun, SessionSource } from './session-source.js'

/** No source could make a session without asking a person, which this command may not do. */
export class NeedsPersonError extends Error {
  /** `why`: what the person would have to do, when it is not an MFA code (an SSO sign-in). */
  constructor(
    readonly profile: string,
    readonly why?: string,
  ) {
    super(why ?? `a session for "${profile}" needs an MFA code and no code source is allowed here`)
  }
}

export interface SessionRunOptions {
  /** The profile files as this command read them, once. */
  snapshot: ProfileSnapshot
  store: ProfileStore
  sts: StsGateway
  reporter: Reporter
  codes?: MfaCodeSource
  sso?: SsoContext
  unattended?: boolean
  force?: boolean
  durationSeconds?: number
  persist: boolean
  now?: () => Date
  sources?: readonly SessionSource[]
}

/** Asks the registered sources in order, for a profile and, through them, for its sources. */
export class SessionResolver implements SessionRun {
  readonly snapshot: ProfileSnapshot
  readonly sts: StsGateway
  readonly reporter: Reporter
  readonly codes?: MfaCodeSource
  readonly sso?: SsoContext
  readonly unattended: boolean
  readonly force: boolean
  readonly durationSeconds?: number
  readonly persist: boolean
  readonly now: () => Date
  private readonly store: ProfileStore
  private readonly sources: readonly SessionSource[]

  constructor(options: SessionRunOptions) {
    this.snapshot = options.snapshot
    this.store = options.store
    this.sts = options.sts
    this.reporter = options.reporter
    this.codes = options.codes
    this.sso = options.sso
    this.unattended = options.unattended ?? false
    this.force = options.force ?? false
    this.durationSeconds = options.durationSeconds
    this.persist = options.persist
    this.now = options.now ?? (() => new Date())
    this.sources = options.sources ?? SESSION_SOURCES
  }

  async resolve(need: SessionNeed): Promise<Obtained> {
    // Before any source asks for a code: a [<profile>-sts] that is not a session must not be overwritten.
    if (this.persist) assertSessionSectionIsOurs(this.snapshot.credentials.document, need.plan.profile.name)
    for (const source of this.sources) {
      const obtained = await source.load(need, this)
      if (obtained) {
        this.reporter.debug(`session for "${need.plan.profile.name}": ${obtained.source}`)
        return obtained
      }
    }
    throw new NeedsPersonError(need.plan.profile.name)
  }

  /**
   * Makes one session across concurrent iamkit processes (SPEC §4: "many concurrent calls refresh
   * once"). Two locks, for two different jobs:
   * - a renewal lock of the profile's own (`<credentials>.iamkit-renew.<profile>.lock`) serialises
   *   the makers: the first makes the session; the others wait on it, then read the file and find
   *   that session. It is held across the STS call (bounded by the client's timeouts), never while
   *   a person or `mfa_process` is waited for: codes are got before `refresh` is called;
   * - the credentials file's lock, held only for the rewrite of `[<profile>-sts]` (SPEC §0), so
   *   every other iamkit write (another profile's login, a logout, a rotation's step 6) goes on
   *   while STS answers.
   */
  async refresh(need: SessionNeed, source: string, make: () => Promise<SessionCredentials>): Promise<Obtained> {
    const name = need.plan.profile.name
    if (!this.persist) return { credentials: await make(), reused: false, source }
    const region = need.plan.profile.settings.region
    return this.store.withLock(renewalLockTarget(this.store.paths.credentials, name), async () => {
      // A session stored by a concurrent iamkit since this command read the files is taken as it
      // is (--force on the requested profile wants a new one regardless).
      const fresh = await this.store.rereadCredentials()
      const stored = need.requested && this.force ? undefined : readSession(fresh, name)
      if (stored && isReusable(stored, this.now())) {
        this.reporter.debug(`[${sessionProfileName(name)}] was renewed by another iamkit process meanwhile`)
        return { credentials: stored, reused: true, source: 'cached session' }
      }
      assertSessionSectionIsOurs(fresh.credentials.document, name)
      const session = await make()
      await this.store.updateCredentials((document) => {
        assertSessionSectionIsOurs(document, name)
        writeSession(document, name, session, region)
      })
      return { credentials: session, reused: false, source }
    })
  }
}

/** Beside the credentials file, one per profile; the file itself never exists, only its `.lock`. */
function renewalLockTarget(credentialsPath: string, profile: string): string {
  return join(dirname(credentialsPath), `${basename(credentialsPath)}.iamkit-renew.${encodeURIComponent(profile)}`)
}
