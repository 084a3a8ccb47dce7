import type { Clock } from '../clock.js'
import { type Credentials, SwitchableCredentials } from './switchable-credentials.js'

/** Renew this long before the expiration, as the AWS SDKs do: a request signed now must still be valid when it lands. */
export const RENEW_BEFORE_MS = 5 * 60_000

/**
 * Temporary credentials that renew themselves: asked for within `RENEW_BEFORE_MS` of their
 * expiration, they get new ones from `renew` first (one renewal however many requests ask at
 * once). An organization audit's member-account sessions last an hour; an account whose audit
 * runs longer is re-assumed before its session expires. A failed renewal keeps the current
 * credentials while they are valid (the next request tries again), and fails once they are not.
 */
export class RenewingCredentials extends SwitchableCredentials {
  #renewing?: Promise<Credentials>

  constructor(
    initial: Credentials,
    private readonly renew: () => Promise<Credentials>,
    private readonly clock: Clock,
  ) {
    super(initial)
  }

  protected override async resolve(): Promise<Credentials> {
    const current = this.current
    const left = current.expiration ? current.expiration.getTime() - this.clock.now().getTime() : Infinity
    if (left > RENEW_BEFORE_MS) return current
    this.#renewing ??= this.renew()
      .then((next) => {
        this.use(next)
        return next
      })
      .finally(() => (this.#renewing = undefined))
    try {
      return await this.#renewing
    } catch (err) {
      if (left > 0) return current
      throw err
    }
  }
}
