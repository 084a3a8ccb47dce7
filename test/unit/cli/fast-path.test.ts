import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { fastPath, parseCredentialProcess } from '../../../src/cli/fast-path.js'

describe("bin/run.js's fast path", () => {
  it.each([
    [['work'], { profile: 'work', json: false, debug: false }],
    [['work', '--json', '--debug'], { profile: 'work', json: true, debug: true }],
    [['--region', 'eu-west-1', 'work', '--endpoint-url=http://127.0.0.1:5000'], { profile: 'work', json: false, debug: false, region: 'eu-west-1', 'endpoint-url': 'http://127.0.0.1:5000' }],
    [['work', '--timeout', '5'], { profile: 'work', json: false, debug: false, timeout: 5 }],
  ])('takes credential-process %j', (args, parsed) => {
    expect(parseCredentialProcess(args)).toEqual(parsed)
  })

  it.each([[[]], [['--help']], [['work', '-h']], [['work', 'other']], [['work', '--regin', 'x']], [['work', '--region']], [['work', '--region', '--json']], [['work', '--timeout', 'soon']], [['--', 'work']], [['work', '--region', 'a', '--region', 'b']]])(
    'leaves credential-process %j to oclif',
    (args) => {
      expect(parseCredentialProcess(args)).toBeUndefined()
    },
  )

  const root = fileURLToPath(new URL('../../..', import.meta.url))
  it('answers only --version and credential-process', () => {
    expect(fastPath(['--version'], root)).toBeTypeOf('function')
    expect(fastPath(['credential-process', 'work'], root)).toBeTypeOf('function')
    expect(fastPath(['login', 'work'], root)).toBeUndefined()
    expect(fastPath(['--version', '--json'], root)).toBeUndefined()
  })
})
