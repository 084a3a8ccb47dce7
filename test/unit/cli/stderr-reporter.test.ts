import { afterEach, describe, expect, it, vi } from 'vitest'

import { DEBUG_LINE_LIMIT, stderrReporter } from '../../../src/cli/stderr-reporter.js'
import { registerSecret } from '../../../src/redact.js'

function captureStderr(): string[] {
  const lines: string[] = []
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk))
    return true
  })
  return lines
}
afterEach(() => vi.restoreAllMocks())

describe('stderr reporter', () => {
  it('caps one debug line, after redacting, so a secret at the cut is not left half readable', () => {
    const secret = 'fake-reporter-secret-0000000000000000001'
    registerSecret(secret)
    const written = captureStderr()
    // The secret straddles the limit: cutting first would leave its first half in the output.
    const message = `${'x'.repeat(DEBUG_LINE_LIMIT - 20)}${secret}${'y'.repeat(50_000)}`
    stderrReporter({ debug: true }).debug(message)
    expect(written).toHaveLength(1)
    const line = written[0]!
    expect(line.length).toBeLessThan(DEBUG_LINE_LIMIT + 80)
    expect(line).toMatch(/… \(\d+ more characters not shown\)\n$/)
    expect(line).not.toContain(secret.slice(0, 12))
  })

  it('leaves short debug lines, info and warnings whole; no debug output without --debug', () => {
    const written = captureStderr()
    stderrReporter({ debug: true }).debug('short')
    stderrReporter({ debug: false }).debug('hidden')
    stderrReporter({ debug: false }).warn('w'.repeat(DEBUG_LINE_LIMIT + 10))
    expect(written).toEqual(['debug: short\n', `warning: ${'w'.repeat(DEBUG_LINE_LIMIT + 10)}\n`])
  })
})
