import { UsageError } from '../errors.js'

/** The AWS partitions a console sign-in can happen in, each with its own sign-in and console hosts. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov'

const HOSTS: Record<Partition, { signin: string; console: (region: string) => string }> = {
  aws: { signin: 'https://signin.aws.amazon.com/federation', console: (region) => `https://${region}.console.aws.amazon.com/console/home?region=${region}` },
  'aws-cn': { signin: 'https://signin.amazonaws.cn/federation', console: (region) => `https://console.amazonaws.cn/console/home?region=${region}` },
  'aws-us-gov': { signin: 'https://signin.amazonaws-us-gov.com/federation', console: (region) => `https://console.amazonaws-us-gov.com/console/home?region=${region}` },
}

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/**
 * The sign-in federation endpoint: `--signin-endpoint` or IAMKIT_SIGNIN_ENDPOINT (tests, private
 * clouds), else the region's partition's. A bare origin gets AWS's `/federation` path.
 */
export function federationEndpoint(region: string, override?: string): string {
  if (!override) return HOSTS[partitionOf(region)].signin
  const url = httpUrl(override, '--signin-endpoint')
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/federation'
  url.search = ''
  url.hash = ''
  return url.toString()
}

/** Where the console opens: `--destination`, else the console home in the profile's region. */
export function consoleDestination(region: string, destination?: string): string {
  return destination ? httpUrl(destination, '--destination').toString() : HOSTS[partitionOf(region)].console(region)
}

function httpUrl(text: string, flag: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError('BAD_URL', `${flag} must be an http(s) URL, not "${text}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('BAD_URL', `${flag} must be an http(s) URL, not "${text}"`)
  return url
}
