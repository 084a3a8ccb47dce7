import { describe, expect, it } from 'vitest'

import { fromAwsSdkError, isInvalidMfaCode } from '../../../src/aws/aws-error.js'

/** An SDK failure as the client factory hands it on: AWS's code and text, tagged with the call. */
function answer(operation: string, name: string, message: string, status = 403) {
  return Object.assign(new Error(message), { name, $fault: 'client' as const, $metadata: { httpStatusCode: status }, $operation: operation })
}

const ERIN = 'arn:aws:iam::123456789012:user/erin'

describe('error classification by code and call', () => {
  it.each([
    ['sts:GetSessionToken', 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '],
    ['sts:GetSessionToken', 'AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'],
    ['sts:AssumeRole', 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '],
    ['iam:EnableMFADevice', 'InvalidAuthenticationCode', 'Authentication code for device is not valid.'],
    ['iam:ResyncMFADevice', 'InvalidAuthenticationCodeException', 'Authentication code for device is not valid.'],
  ])('%s %s "%s" is a rejected code', (operation, name, message) => {
    const err = answer(operation, name, message)
    expect(isInvalidMfaCode(err)).toBe(true)
    expect(fromAwsSdkError(err)).toMatchObject({ code: 'MFA_CODE_REJECTED', exitCode: 1 })
  })

  it.each([
    // The bug: the action's name contains "MFA".
    ['iam:ListMFADevices', `User: ${ERIN} is not authorized to perform: iam:ListMFADevices on resource: user erin because no identity-based policy allows the iam:ListMFADevices action`],
    ['iam:ListMFADevices', `User: ${ERIN} is not authorized to perform: iam:ListMFADevices`],
    // A missing permission for the code-taking call itself is not a code problem either.
    ['sts:GetSessionToken', `User: ${ERIN} is not authorized to perform: sts:GetSessionToken with an explicit deny in an identity-based policy`],
    // The STS text from some other call is not STS's answer about a code.
    ['iam:DeactivateMFADevice', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'],
  ])('%s denied ("%s") is AccessDenied, never an MFA code', (operation, message) => {
    const err = fromAwsSdkError(answer(operation, 'AccessDenied', message))
    expect(err.code).toBe('ACCESS_DENIED')
    expect(err.message).not.toMatch(/MFA code|one-time/i)
    expect(err.message).toMatch(new RegExp(`^${operation} was denied: `))
  })

  it('names the call, the principal, the permission and AWS’s reason, and points self-service calls at the policy', () => {
    const err = fromAwsSdkError(
      answer('iam:ListMFADevices', 'AccessDenied', `User: ${ERIN} is not authorized to perform: iam:ListMFADevices on resource: user erin because no identity-based policy allows the iam:ListMFADevices action`),
    )
    expect(err.message).toBe(
      `iam:ListMFADevices was denied: ${ERIN} needs permission for iam:ListMFADevices (no identity-based policy allows the iam:ListMFADevices action); grant it with the policy from "iamkit policy user --self-service"`,
    )
  })

  it('names the permission AWS asked for when it differs from the call, and gives no self-service hint for other calls', () => {
    const err = fromAwsSdkError(
      answer('iam:GetAccountAuthorizationDetails', 'AccessDenied', `User: ${ERIN} is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *`),
    )
    expect(err.message).toBe(`iam:GetAccountAuthorizationDetails was denied: ${ERIN} needs permission for iam:GetAccountAuthorizationDetails`)
    const trail = fromAwsSdkError(answer('cloudtrail:LookupEvents', 'AccessDeniedException', `User: ${ERIN} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`, 400))
    expect(trail.message).toBe(`cloudtrail:LookupEvents was denied: ${ERIN} needs permission for cloudtrail:LookupEvents (no identity-based policy allows the cloudtrail:LookupEvents action)`)
  })

  it('an assume-role denial says what the trust and identity policies need', () => {
    const err = fromAwsSdkError(answer('sts:AssumeRole', 'AccessDenied', `User: ${ERIN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Admin`))
    expect(err.message).toMatch(/^sts:AssumeRole was denied: .* needs permission for sts:AssumeRole; the role's trust policy must admit the caller/)
    expect(err.message).not.toMatch(/MFA/)
  })

  it('a denial in a text iamkit does not know still names the call', () => {
    expect(fromAwsSdkError(answer('iam:ListAccessKeys', 'AccessDenied', 'Access Denied')).message).toBe(
      'iam:ListAccessKeys was denied: the credentials need permission for iam:ListAccessKeys; grant it with the policy from "iamkit policy user --self-service"',
    )
  })

  it('the SDK chain finding no credentials is said as such, with what to pass', () => {
    const err = fromAwsSdkError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', $operation: 'iam:GenerateCredentialReport' }))
    expect(err).toMatchObject({ code: 'NO_CREDENTIALS', exitCode: 1 })
    expect(err.message).toMatch(/^iam:GenerateCredentialReport: no AWS credentials were found .*pass --profile NAME$/)
  })
})
