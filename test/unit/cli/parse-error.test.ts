import { describe, expect, it } from 'vitest'

import { nearestWord } from '../../../src/cli/nearest-word.js'
import { parseErrorAsUsage } from '../../../src/cli/parse-error.js'

/** An oclif parse failure as oclif throws it: its text and exit code 2. */
const oclif = (message: string) => Object.assign(new Error(`${message}\nSee more help with --help`), { oclif: { exit: 2 } })
const LOGIN = { name: 'login', flags: ['token-code', 'mfa-command', 'duration', 'format', 'force', 'region', 'endpoint-url'] }
const say = (message: string) => parseErrorAsUsage(oclif(message), LOGIN)?.message

// The texts are oclif 4's own (node_modules/@oclif/core/lib/parser); the CLI-level matrix runs them for real.
describe("oclif's parse failures in iamkit's wording", () => {
  it.each([
    ['Nonexistent flag: --tokn-code', 'unknown flag "--tokn-code" for iamkit login; did you mean --token-code? (see iamkit login --help)'],
    ['Nonexistent flags: --x, --y', 'unknown flags "--x", "--y" for iamkit login (see iamkit login --help)'],
    ['Unexpected argument: extra', 'unexpected argument "extra" (see iamkit login --help)'],
    ['Missing 1 required arg:\nprofile  Profile name in ~/.aws/credentials or ~/.aws/config', 'missing PROFILE: iamkit login PROFILE (see iamkit login --help)'],
    ['Expected --format=xml to be one of: file, env, json', '--format must be one of file, env, json, not "xml" (see iamkit login --help)'],
    ['Parsing --duration \n\tExpected an integer but received: 1x', '--duration must be a whole number, not "1x" (see iamkit login --help)'],
    ['Parsing --days \n\tExpected an integer greater than or equal to 0 but received: -1', '--days must be a whole number of at least 0, not "-1" (see iamkit login --help)'],
    ['Flag --region expects a value', '--region needs a value (see iamkit login --help)'],
    ['Flag --format expects one of these values: file, env, json', '--format needs a value (one of file, env, json) (see iamkit login --help)'],
    ['The following error occurred:\n  \u001b[2mMissing required flag principal\u001b[22m', 'missing --principal (see iamkit login --help)'],
  ])('%j', (message, wording) => {
    expect(say(message)).toBe(wording)
    expect(parseErrorAsUsage(oclif(message), LOGIN)).toMatchObject({ exitCode: 2, code: 'USAGE' })
  })

  it("keeps a flag's own parse message, without oclif's prefix", () => {
    const own = Object.assign(new Error('Parsing --timeout \n\t--timeout must be a number of seconds, not "soon"\nSee more help with --help'), { exitCode: 2 })
    expect(parseErrorAsUsage(own, LOGIN)?.message).toBe('--timeout must be a number of seconds, not "soon" (see iamkit login --help)')
  })

  it('leaves everything that is not an oclif parse failure alone', () => {
    expect(parseErrorAsUsage(new Error('boom'), LOGIN)).toBeUndefined()
  })
})

describe('nearestWord', () => {
  it('suggests a close word and nothing for a far one', () => {
    expect(nearestWord('logn', ['login', 'logout', 'rotate'])).toBe('login')
    expect(nearestWord('rotaet', ['login', 'rotate'])).toBe('rotate')
    expect(nearestWord('xyz', ['login', 'rotate'])).toBeUndefined()
  })
})
