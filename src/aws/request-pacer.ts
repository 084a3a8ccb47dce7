import { type Clock, systemClock } from '../clock.js'

/**
 * Spaces calls at least `intervalMs` apart, for APIs with a hard per-account request rate
 * (CloudTrail's LookupEvents allows 2 per second). The clock and the sleeper are injected
 * so tests can check the spacing without waiting for it.
 */
export class RequestPacer {
  #last: number | undefined

  constructor(
    readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Resolves when the next request may start, and counts it as started. */
  async next(): Promise<void> {
    if (this.#last !== undefined) {
      const wait = this.#last + this.intervalMs - this.clock.now().getTime()
      if (wait > 0) await this.clock.sleep(wait)
    }
    this.#last = this.clock.now().getTime()
  }
}
