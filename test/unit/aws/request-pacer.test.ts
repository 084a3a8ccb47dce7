import { describe, expect, it } from 'vitest'

import { RequestPacer } from '../../../src/aws/request-pacer.js'
import { fakeClock } from '../../support/fake-clock.js'

describe('RequestPacer', () => {
  it('lets the first request go at once and spaces the next ones by the interval', async () => {
    const clock = fakeClock(0)
    const pacer = new RequestPacer(550, clock)
    const starts: number[] = []
    for (let i = 0; i < 4; i++) {
      await pacer.next()
      starts.push(clock.millis())
    }
    expect(starts).toEqual([0, 550, 1100, 1650])
    expect(clock.sleeps).toEqual([550, 550, 550])
  })

  it('only waits for what is left of the interval', async () => {
    const clock = fakeClock()
    const pacer = new RequestPacer(550, clock)
    await pacer.next()
    clock.advance(400)
    await pacer.next()
    clock.advance(600)
    await pacer.next()
    expect(clock.sleeps).toEqual([150])
  })
})
