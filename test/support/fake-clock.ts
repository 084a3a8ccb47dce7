import type { Clock } from '../../src/clock.js'

/** A clock that moves only when someone sleeps or the test advances it: no timed tests. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  private time: number

  constructor(start: Date | number = Date.parse('2026-11-22T10:00:00Z')) {
    this.time = typeof start === 'number' ? start : start.getTime()
  }

  now(): Date {
    return new Date(this.time)
  }

  /** Milliseconds since the epoch, for tests that do arithmetic on time. */
  millis(): number {
    return this.time
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.time += ms
  }

  advance(ms: number): void {
    this.time += ms
  }
}

export function fakeClock(start?: Date | number): FakeClock {
  return new FakeClock(start)
}
