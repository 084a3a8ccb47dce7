import { describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { redact, registerSecret } from '../../../src/redact.js'
import { AwsError, FindingsError, SystemError, UsageError } from '../../../src/errors.js'

const sdkError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, $metadata: { attempts: 8 }, ...extra })

describe('reportFor: one place maps failures to exit codes and one line', () => {
  it.each([
    [new UsageError('X', 'bad'), 2],
    [new AwsError('X', 'aws'), 1],
    [new SystemError('X', 'sys'), 1],
    [new FindingsError('X', 'found'), 3],
  ])('%s → exit %i', (err, code) => {
    expect(reportFor(err).exitCode).toBe(code)
  })

  it('classifies AWS SDK errors and names the failed call', () => {
    expect(reportFor(sdkError('Throttling', 'Rate exceeded', { $operation: 'iam:ListRoles' }))).toEqual({
      exitCode: 1,
      code: 'THROTTLED',
      message: 'iam:ListRoles: AWS kept throttling the request after 8 attempts; try again later or lower --concurrency',
    })
    expect(reportFor(sdkError('AccessDenied', 'User: x is not authorized to perform: iam:ListUsers', { $operation: 'iam:ListUsers' })).message).toBe(
      'iam:ListUsers was denied: x needs permission for iam:ListUsers',
    )
    expect(reportFor(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.')).code).toBe('INVALID_CREDENTIALS')
    expect(reportFor(sdkError('ExpiredToken', 'expired')).code).toBe('EXPIRED_TOKEN')
    expect(reportFor(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: {} })).code).toBe('NETWORK')
  })

  it('maps oclif parse errors to usage errors, on one line', () => {
    const parseError = Object.assign(new Error('Nonexistent flag: --x\nSee more help with --help'), { oclif: { exit: 2 } })
    expect(reportFor(parseError)).toEqual({ exitCode: 2, code: 'USAGE', message: 'Nonexistent flag: --x (see --help)' })
  })

  it('treats Ctrl+C at a prompt as a cancellation, exit 130', () => {
    expect(reportFor(Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' }))).toEqual({
      exitCode: 130,
      code: 'CANCELLED',
      message: 'cancelled at the prompt; nothing was changed',
    })
  })

  it('keeps unexpected errors to one line with a hint', () => {
    expect(reportFor(new TypeError('a\nb'))).toEqual({ exitCode: 1, code: 'UNEXPECTED', message: 'unexpected error: a b (run again with --debug for details)' })
  })
})

describe('redact', () => {
  it('hides registered secrets wherever they appear', () => {
    registerSecret('fakeRegisteredSecret123')
    expect(redact('x fakeRegisteredSecret123 y')).toBe('x [REDACTED] y')
  })

  it('hides secrets it never saw by their key names, in ini, JSON and SDK shapes', () => {
    expect(redact('aws_secret_access_key = abc/def+ghi')).toBe('aws_secret_access_key = [REDACTED]')
    expect(redact('{"SecretAccessKey":"abc","SessionToken":"def","AccessKeyId":"AKIAFAKE"}')).toBe(
      '{"SecretAccessKey":"[REDACTED]","SessionToken":"[REDACTED]","AccessKeyId":"AKIAFAKE"}',
    )
    expect(redact('{"SerialNumber":"arn:aws:iam::1:mfa/a","TokenCode":"123456"}')).toBe('{"SerialNumber":"arn:aws:iam::1:mfa/a","TokenCode":"[REDACTED]"}')
    expect(redact('sts:GetSessionToken: could not reach AWS')).toBe('sts:GetSessionToken: could not reach AWS')
    expect(redact("{ secretAccessKey: 'abc', sessionToken: 'def' }")).toBe("{ secretAccessKey: '[REDACTED]', sessionToken: '[REDACTED]' }")
  })
})
