import type { PacerClock } from '../../src/aws/request-pacer.js'

/** A clock that only moves when someone sleeps or the test advances it: no timed tests. */
export function fakeClock(start = 0): PacerClock & { advance(ms: number): void; sleeps: number[] } {
  let now = start
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
    advance: (ms) => {
      now += ms
    },
    sleeps,
  }
}
