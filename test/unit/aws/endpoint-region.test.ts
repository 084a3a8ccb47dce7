import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { resolveEndpoint } from '../../../src/aws/endpoint.js'
import { resolveRegion } from '../../../src/aws/region.js'

const NAMES = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']
let saved: Record<string, string | undefined>
beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]))
  for (const n of NAMES) delete process.env[n]
})
afterEach(() => {
  for (const [n, v] of Object.entries(saved)) if (v === undefined) delete process.env[n]
  else process.env[n] = v
})

describe('resolveRegion', () => {
  it('follows the AWS CLI: flag, AWS_REGION, AWS_DEFAULT_REGION, profile, then us-east-1 for global IAM', () => {
    expect(resolveRegion(undefined, {})).toBe('us-east-1')
    expect(resolveRegion(undefined, { region: 'eu-west-1' })).toBe('eu-west-1')
    process.env.AWS_DEFAULT_REGION = 'ap-south-1'
    expect(resolveRegion(undefined, { region: 'eu-west-1' })).toBe('ap-south-1')
    process.env.AWS_REGION = 'us-west-2'
    expect(resolveRegion(undefined, { region: 'eu-west-1' })).toBe('us-west-2')
    expect(resolveRegion('ca-central-1', { region: 'eu-west-1' })).toBe('ca-central-1')
  })
})

describe('resolveEndpoint', () => {
  it('prefers the flag, then the service variable, the global variable, the profile', () => {
    const profile = { endpoint_url: 'http://127.0.0.1:3' }
    expect(resolveEndpoint('iam', undefined, {})).toBeUndefined()
    expect(resolveEndpoint('iam', undefined, profile)).toBe('http://127.0.0.1:3')
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:2'
    expect(resolveEndpoint('iam', undefined, profile)).toBe('http://127.0.0.1:2')
    process.env.AWS_ENDPOINT_URL_IAM = 'http://127.0.0.1:1'
    expect(resolveEndpoint('iam', undefined, profile)).toBe('http://127.0.0.1:1')
    expect(resolveEndpoint('sts', undefined, profile)).toBe('http://127.0.0.1:2')
    expect(resolveEndpoint('iam', 'http://127.0.0.1:9', profile)).toBe('http://127.0.0.1:9')
  })

  it('ignores configured endpoints when told to, but not the flag', () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:2'
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true'
    expect(resolveEndpoint('sts', undefined, { endpoint_url: 'http://127.0.0.1:3' })).toBeUndefined()
    expect(resolveEndpoint('sts', 'http://127.0.0.1:9', {})).toBe('http://127.0.0.1:9')
  })
})
