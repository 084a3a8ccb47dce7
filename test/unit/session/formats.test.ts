import { describe, expect, it } from 'vitest'

import { sessionChildEnv } from '../../../src/exec/run-with-session.js'
import { parseCallerArn } from '../../../src/identity/caller-arn.js'
import { credentialProcessDocument, formatExpiration, shellExports } from '../../../src/session/session-credentials.js'

const session = { accessKeyId: 'ASIAFAKE', secretAccessKey: "se'cret", sessionToken: 'tok', expiration: new Date('2026-11-22T13:00:00.000Z') }

describe('session output formats', () => {
  it('writes expirations as ISO 8601 UTC without milliseconds', () => {
    expect(formatExpiration(session.expiration)).toBe('2026-11-22T13:00:00Z')
  })

  it('prints a Version 1 credential_process document', () => {
    expect(credentialProcessDocument(session)).toEqual({ Version: 1, AccessKeyId: 'ASIAFAKE', SecretAccessKey: "se'cret", SessionToken: 'tok', Expiration: '2026-11-22T13:00:00Z' })
  })

  it('quotes export lines so eval is safe', () => {
    expect(shellExports(session).split('\n')[1]).toBe(`export AWS_SECRET_ACCESS_KEY='se'\\''cret'`)
  })

  it('gives exec children the session and removes variables that would override it', () => {
    const env = sessionChildEnv(session, {
      region: 'eu-west-1',
      internal: ['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'],
      base: { AWS_PROFILE: 'x', AWS_DEFAULT_PROFILE: 'y', AWS_WEB_IDENTITY_TOKEN_FILE: '/t', PATH: '/bin', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
    expect(env).toEqual({
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'ASIAFAKE',
      AWS_SECRET_ACCESS_KEY: "se'cret",
      AWS_SESSION_TOKEN: 'tok',
      AWS_CREDENTIAL_EXPIRATION: '2026-11-22T13:00:00Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    })
  })
})

describe('parseCallerArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/alice', { kind: 'user', userName: 'alice', path: '/' }],
    ['arn:aws:iam::123456789012:user/a/b/alice', { kind: 'user', userName: 'alice', path: '/a/b/' }],
    ['arn:aws-cn:iam::123456789012:root', { kind: 'root', partition: 'aws-cn' }],
    ['arn:aws:sts::123456789012:assumed-role/Admin/s', { kind: 'assumed-role', roleName: 'Admin' }],
    ['arn:aws:sts::123456789012:federated-user/bob', { kind: 'other' }],
  ])('%s', (arn, expected) => {
    expect(parseCallerArn(arn)).toMatchObject({ account: '123456789012', ...expected })
  })
})
