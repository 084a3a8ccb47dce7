import { describe, expect, it } from 'vitest'

import { canOpenBrowser } from '../../../src/cli/browser.js'
import { federatedUserName } from '../../../src/console/console-sign-in.js'
import { consoleDestination, federationEndpoint, partitionOf } from '../../../src/console/signin-endpoint.js'
import { consoleLoginUrl } from '../../../src/console/signin-token.js'
import { redact } from '../../../src/redact.js'

describe('sign-in endpoints', () => {
  it.each([
    ['eu-west-1', 'aws', 'https://signin.aws.amazon.com/federation', 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'],
    ['cn-north-1', 'aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn/console/home?region=cn-north-1'],
    ['us-gov-west-1', 'aws-us-gov', 'https://signin.amazonaws-us-gov.com/federation', 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1'],
  ])('%s is in %s and signs in at its partition’s endpoint', (region, partition, signin, home) => {
    expect(partitionOf(region)).toBe(partition)
    expect(federationEndpoint(region)).toBe(signin)
    expect(consoleDestination(region)).toBe(home)
  })

  it('takes an explicit endpoint, adding /federation to a bare origin, and refuses what is not an http(s) URL', () => {
    expect(federationEndpoint('us-east-1', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/federation')
    expect(federationEndpoint('us-east-1', 'https://signin.example.internal/custom/federation?x=1')).toBe('https://signin.example.internal/custom/federation')
    expect(() => federationEndpoint('us-east-1', 'ftp://x')).toThrow(/--signin-endpoint must be an http\(s\) URL/)
    expect(() => consoleDestination('us-east-1', 'javascript:alert(1)')).toThrow(/--destination must be an http\(s\) URL/)
  })
})

describe('consoleLoginUrl', () => {
  it('carries the destination and the token, and is registered as a secret in every encoding', () => {
    const token = 'Fake+Signin/Token=WithCharactersThatGetEncoded'
    const url = consoleLoginUrl('https://signin.aws.amazon.com/federation', token, 'https://console.aws.amazon.com/iam/home?region=eu-west-1#/users')
    const parsed = new URL(url)
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'iamkit',
      Destination: 'https://console.aws.amazon.com/iam/home?region=eu-west-1#/users',
      SigninToken: token,
    })
    expect(redact(`opening ${url}`)).toBe('opening [REDACTED]')
  })
})

describe('federatedUserName', () => {
  it('fits GetFederationToken’s Name: 2–32 of [\\w+=,.@-]', () => {
    expect(federatedUserName('alice')).toBe('alice')
    expect(federatedUserName('alice smith/ops')).toBe('alice-smith-ops')
    expect(federatedUserName('a'.repeat(40))).toHaveLength(32)
    expect(federatedUserName('x')).toBe('x-')
  })
})

describe('canOpenBrowser', () => {
  it('needs $BROWSER or a desktop', () => {
    expect(canOpenBrowser({}, 'linux')).toBe(false)
    expect(canOpenBrowser({ DISPLAY: ':0' }, 'linux')).toBe(true)
    expect(canOpenBrowser({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true)
    expect(canOpenBrowser({ BROWSER: 'w3m' }, 'linux')).toBe(true)
    expect(canOpenBrowser({}, 'darwin')).toBe(true)
  })
})
