import { sessionProfileName } from '../../profiles/profile.js'
import { readSession } from '../session-cache.js'
import { isReusable, isUsableToSign } from '../session-credentials.js'
import type { SessionSource } from '../session-source.js'

/**
 * A session stored in `[<profile>-sts]` that is still good: at least 15 minutes left for the
 * profile the person asked for (tools keep using it), or unexpired for a minute more for a
 * source profile, whose session only signs the AssumeRole made now. --force skips it.
 */
export const cachedSession: SessionSource = {
  name: 'cached session',
  async load(need, run) {
    const { plan } = need
    if (plan.kind === 'static') return undefined
    if (need.requested && run.force) return undefined
    const cached = readSession(run.snapshot, plan.profile.name)
    if (!cached) return undefined
    const good = need.requested ? isReusable(cached, run.now()) : isUsableToSign(cached, run.now())
    if (!good) return undefined
    run.reporter.debug(`reusing [${sessionProfileName(plan.profile.name)}], valid until ${cached.expiration.toISOString()}`)
    return { credentials: cached, reused: true, source: this.name }
  },
}
