import { describe, expect, it } from 'vitest'

import { UsageError } from '../../../src/errors.js'
import { trustPolicy } from '../../../src/policy/trust-policy.js'
import { userPolicy } from '../../../src/policy/user-policy.js'

function usageError(run: () => unknown): string {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('userPolicy', () => {
  it('needs a role or --self-service', () => {
    expect(usageError(() => userPolicy({ roleArns: [], selfService: false }))).toContain('at least one --role-arn')
  })

  it.each(['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/Dev*', 'arn:aws:iam::123456789012:user/alice', 'Developer', 'arn:aws:iam::12345:role/Dev', '*'])(
    'refuses --role-arn %s',
    (arn) => {
      expect(usageError(() => userPolicy({ roleArns: [arn], selfService: false }))).toContain(`--role-arn ${arn} is not a role ARN`)
    },
  )

  it('accepts role paths and other partitions', () => {
    const policy = userPolicy({ roleArns: ['arn:aws:iam::123456789012:role/a/b/Dev', 'arn:aws-cn:iam::123456789012:role/Dev'], selfService: false })
    expect(policy.statements[0]?.resources).toEqual(['arn:aws:iam::123456789012:role/a/b/Dev', 'arn:aws-cn:iam::123456789012:role/Dev'])
  })
})

describe('trustPolicy', () => {
  it.each([
    ['*', 'wildcard principals are refused'],
    ['arn:aws:iam::123456789012:user/*', 'wildcard principals are refused'],
    ['arn:aws:iam::*:root', 'wildcard principals are refused'],
    ['arn:aws:sts::123456789012:assumed-role/Dev/alice', 'expected an account id'],
    ['12345678901', 'expected an account id'],
    ['arn:aws:iam::123456789012:group/admins', 'expected an account id'],
  ])('refuses --principal %s', (principal, problem) => {
    expect(usageError(() => trustPolicy({ principals: [principal], mfa: false }))).toContain(problem)
  })

  it.each([0, -1, 129_601, 1.5])('refuses --mfa-max-age %s', (age) => {
    expect(usageError(() => trustPolicy({ principals: ['123456789012'], mfa: true, mfaMaxAgeSeconds: age }))).toContain('--mfa-max-age must be whole seconds')
  })

  it.each(['x', 'has space', 'a'.repeat(1225), 'semi;colon'])('refuses --external-id %s', (id) => {
    expect(usageError(() => trustPolicy({ principals: ['123456789012'], mfa: false, externalId: id }))).toContain('--external-id must be')
  })

  it('writes an account id as its root ARN and drops repeats', () => {
    expect(trustPolicy({ principals: ['123456789012', 'arn:aws:iam::123456789012:root'], mfa: false }).statements[0]?.principal).toEqual({
      AWS: ['arn:aws:iam::123456789012:root'],
    })
  })
})

describe('partitions and service principals (issue 11)', () => {
  it('--self-service names the own-user ARNs in the partition of the listed roles', () => {
    const document = userPolicy({ roleArns: ['arn:aws-us-gov:iam::123456789012:role/Dev'], selfService: true })
    const resources = document.statements.flatMap((s) => s.resources ?? [])
    expect(resources).toContain('arn:aws-us-gov:iam::*:user/${aws:username}')
    expect(resources.filter((r) => r.startsWith('arn:aws:'))).toEqual([])
    expect(() => userPolicy({ roleArns: ['arn:aws-cn:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B'], selfService: true })).toThrow(/different partitions/)
    expect(userPolicy({ roleArns: [], selfService: true }).statements.flatMap((s) => s.resources ?? [])).toContain('arn:aws:iam::*:user/${aws:username}')
  })

  it('trusts a service principal under "Service", next to account principals under "AWS"', () => {
    const document = trustPolicy({ principals: ['lambda.amazonaws.com', '123456789012', 'ec2.amazonaws.com.cn'], mfa: false })
    expect(document.statements[0]!.principal).toEqual({ AWS: ['arn:aws:iam::123456789012:root'], Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com.cn'] })
    expect(() => trustPolicy({ principals: ['lambda.example.com'], mfa: false })).toThrow(UsageError)
  })
})
