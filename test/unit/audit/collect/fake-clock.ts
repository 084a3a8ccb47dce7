import type { Clock } from '../../../../src/audit/collect/clock.js'

/** A clock whose sleeps return at once and move time forward, recording each wait. */
export function fakeClock(start = Date.parse('2026-11-22T12:00:00Z')): Clock & { sleeps: number[] } {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
  }
}
