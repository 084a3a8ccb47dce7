/** What kind of identity an ARN from sts:GetCallerIdentity names. */
export type CallerArn =
  | { kind: 'user'; account: string; partition: string; userName: string; path: string }
  | { kind: 'root'; account: string; partition: string }
  | { kind: 'assumed-role'; account: string; partition: string; roleName: string }
  | { kind: 'other'; account: string; partition: string; resource: string }

/**
 * Parses `arn:aws:iam::123456789012:user/path/to/alice` and its siblings. The user name is
 * the last path segment: IAM paths may hold slashes, names may not.
 */
export function parseCallerArn(arn: string): CallerArn {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`not an ARN: ${arn}`)
  const partition = parts[1]!
  const account = parts[4]!
  const resource = parts.slice(5).join(':')
  if (resource === 'root') return { kind: 'root', account, partition }
  if (resource.startsWith('user/')) {
    const segments = resource.split('/')
    const userName = segments[segments.length - 1]!
    const path = `/${segments.slice(1, -1).map((s) => `${s}/`).join('')}`
    return { kind: 'user', account, partition, userName, path }
  }
  if (resource.startsWith('assumed-role/')) return { kind: 'assumed-role', account, partition, roleName: resource.split('/')[1] ?? '' }
  return { kind: 'other', account, partition, resource }
}
