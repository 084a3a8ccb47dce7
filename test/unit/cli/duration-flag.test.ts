import { describe, expect, it } from 'vitest'

import { parseDuration } from '../../../src/cli/duration-flag.js'
import { reportFor } from '../../../src/cli/error-report.js'

describe('--duration with units', () => {
  it.each([
    ['3600', 3600],
    ['3600s', 3600],
    ['90m', 5400],
    ['12h', 43_200],
    ['36h', 129_600],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds)
  })

  it.each(['1x', '', '1.5h', '-5', '1h30m', 'h', '99999999'])('refuses %j with exit 2', (text) => {
    let error: unknown
    try {
      parseDuration(text)
    } catch (err) {
      error = err
    }
    expect(reportFor(error)).toMatchObject({ exitCode: 2, code: 'BAD_DURATION', message: expect.stringMatching(/^--duration must be seconds, or a number with s, m or h/) })
  })
})
