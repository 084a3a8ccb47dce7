import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { AwsClients } from '../../../src/aws/clients.js'
import { assertEndpointUrl, resolveEndpoint } from '../../../src/aws/endpoint.js'
import { reportFor } from '../../../src/cli/error-report.js'
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

describe('malformed regions and endpoints are bad input (exit 2), named with where they came from', () => {
  it.each(['us-east-1', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'eusc-de-east-1', 'ap-southeast-5'])('accepts the region %s', (region) => {
    expect(resolveRegion(region)).toBe(region)
  })

  it.each(['', 'bad region', 'US-EAST-1', 'us-east', 'us-east-1 ', 'us-east-1\n', '../../etc', 'a'.repeat(10_000)])('refuses --region %#', (region) => {
    const report = reportFor(catching(() => resolveRegion(region)))
    expect(report).toMatchObject({ exitCode: 2, code: 'BAD_REGION' })
    expect(report.message.length).toBeLessThan(140)
    expect(report.message).toMatch(/^--region ".*" is not an AWS region name such as us-east-1/)
  })

  it('names the variable or the profile a bad region came from', () => {
    process.env.AWS_REGION = 'nowhere'
    expect(catching(() => resolveRegion(undefined)).message).toMatch(/^AWS_REGION "nowhere"/)
    delete process.env.AWS_REGION
    expect(catching(() => resolveRegion(undefined, { region: 'x' })).message).toMatch(/^the profile's region "x"/)
  })

  it.each(['http://127.0.0.1:5000', 'https://iam.amazonaws.com', 'http://localhost:4566/', 'https://proxy.example.com/aws/iam', 'http://[::1]:5000'])('accepts the endpoint %s', (url) => {
    expect(assertEndpointUrl(url, '--endpoint-url')).toBe(url)
  })

  it.each([
    '',
    'notaurl',
    '127.0.0.1:5000',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://example.com',
    'http://',
    'http://user:secret@example.com',
    'http://example.com:99999',
    'http://example.com/?a=1',
    'http://example.com/#x',
    'http://exa mple.com',
    `http://${'a'.repeat(10_000)}.com`,
  ])('refuses bad --endpoint-url %# before any call', (url) => {
    const report = reportFor(catching(() => new AwsClients({ endpointUrl: url })))
    expect(report).toMatchObject({ exitCode: 2, code: 'BAD_ENDPOINT_URL' })
    expect(report.message).toMatch(/^--endpoint-url ".*" is not an endpoint URL of the form http\(s\):\/\/host\[:port\]\[\/path\]/)
    expect(report.message.length).toBeLessThan(160)
    expect(report.message).not.toContain('secret')
  })

  it('checks the endpoint variables and the profile’s endpoint_url when the clients are made', () => {
    process.env.AWS_ENDPOINT_URL_STS = 'file:///etc/passwd'
    expect(catching(() => new AwsClients({})).message).toMatch(/^AWS_ENDPOINT_URL_STS "file:\/\/\/etc\/passwd" is not an endpoint URL/)
    delete process.env.AWS_ENDPOINT_URL_STS
    expect(catching(() => new AwsClients({ profileSettings: { endpoint_url: 'localhost' } })).message).toMatch(/^the profile's endpoint_url "localhost"/)
  })
})

function catching(work: () => unknown): Error {
  try {
    work()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure')
}
