/**
 * Time as iamkit's services see it: the present and a way to wait. Handed in as a dependency
 * so that tests of polling, pacing and key ages move time instead of waiting for it.
 */
export interface Clock {
  now(): Date
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}
