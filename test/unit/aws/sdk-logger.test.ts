import { describe, expect, it } from 'vitest'

import { sdkLogger, sdkLogLine } from '../../../src/aws/sdk-logger.js'

describe('SDK debug lines never spell out binary content', () => {
  it('a Uint8Array (GetCredentialReport Content) is shown as its length', () => {
    const content = new TextEncoder().encode('user,arn\n'.repeat(80_000))
    const line = sdkLogLine([{ commandName: 'GetCredentialReportCommand', output: { Content: content, ReportFormat: 'text/csv' } }])
    expect(line).toBe(`{"commandName":"GetCredentialReportCommand","output":{"Content":"<${content.byteLength} bytes>","ReportFormat":"text/csv"}}`)
  })

  it('a Buffer, an ArrayBuffer and a top-level byte array too; strings and numbers as they are', () => {
    expect(sdkLogLine(['endpoint', { body: Buffer.from('abc'), raw: new ArrayBuffer(7), n: 3 }])).toBe('endpoint {"body":"<3 bytes>","raw":"<7 bytes>","n":3}')
    expect(sdkLogLine([new Uint8Array(5)])).toBe('"<5 bytes>"')
  })

  it('routes every level to the reporter at debug level (trace dropped)', () => {
    const lines: string[] = []
    const logger = sdkLogger({ info: () => {}, warn: () => {}, debug: (m) => lines.push(m) })
    logger.info({ output: { Content: new Uint8Array(714_000) } })
    logger.warn('careful')
    logger.trace()
    expect(lines).toEqual(['{"output":{"Content":"<714000 bytes>"}}', 'careful'])
  })
})
