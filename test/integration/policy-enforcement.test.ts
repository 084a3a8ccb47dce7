import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ACCOUNT_ID, credentialsSection, MotoAccount, type SeededUser } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason()

const DEVELOPER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/Developer`
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/Other`
const EXTERNAL_ID = 'Partner-7f3c9a'

/**
 * The set-up calls this suite makes with the fake admin key, which moto lets through without
 * checking (INITIAL_NO_AUTH_ACTION_COUNT). moto counts every request, so this is exact:
 * carol 5 (CreateUser, CreateAccessKey, CreateVirtualMFADevice, EnableMFADevice, PutUserPolicy),
 * dave 3 and bob 3 (CreateUser, CreateAccessKey, PutUserPolicy), and CreateRole twice. Every
 * later call is judged against the caller's policies.
 */
const SET_UP_CALLS = 5 + 3 + 3 + 2

/**
 * What moto can judge here, and what it cannot:
 * - It matches actions, and for sts:AssumeRole the role ARN (the request's resource) against
 *   the identity policy, the caller's user ARN against the trust policy's AWS principals, and
 *   `StringEquals sts:ExternalId` against the ExternalId sent.
 * - It passes "*" as the resource of every other IAM and STS call, so a statement scoped to
 *   `arn:aws:iam::*:user/${aws:username}` never matches and moto would refuse init's own
 *   iam:ListMFADevices. The suite therefore installs the generated self-service policy with those
 *   statements' Resource widened to "*" — actions, effects and the AssumeRole statement exactly
 *   as generated — and the scoping to the caller's own user is covered by
 *   test/unit/policy/self-service.test.ts, which evaluates the generated policy with the model.
 * - It ignores `Bool aws:MultiFactorAuthPresent` (and a missing ExternalId passes its check), so
 *   the trust policy here uses --external-id; --mfa is covered by the golden tests.
 * - sts:GetSessionToken returns fixed example credentials that belong to no user, so nothing
 *   is judged for calls made with the MFA session `iamkit login` writes, and moto refuses them
 *   outright. `iamkit rotate` signs its IAM calls with such a session when the profile has
 *   mfa_serial, so rotate is run here by dave, whose profile has no MFA device.
 */
function asMotoJudgesIt(policy: { Statement: { Sid: string; Resource: string | string[] }[] }) {
  return {
    ...policy,
    Statement: policy.Statement.map((s) => (s.Sid === 'IamkitOwnUser' ? { ...s, Resource: '*' } : s)),
  }
}

describe.skipIf(skip)(`generated policies under moto's IAM enforcement${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let moto: MotoServer
  let account: MotoAccount
  let sandbox: Sandbox
  let carol: SeededUser
  let bob: SeededUser
  let dave: SeededUser
  let carolPolicy: { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] }

  async function generate(args: string[]): Promise<any> {
    const result = await sandbox.iamkit(['policy', ...args])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return JSON.parse(result.stdout)
  }

  beforeAll(async () => {
    sandbox = await Sandbox.create()
    // The policies come from iamkit itself, before moto starts counting.
    carolPolicy = await generate(['user', '--role-arn', DEVELOPER_ROLE, '--self-service'])
    const bobPolicy = await generate(['user', '--role-arn', DEVELOPER_ROLE])
    const developerTrust = await generate(['trust', '--principal', `arn:aws:iam::${ACCOUNT_ID}:user/bob`, '--external-id', EXTERNAL_ID])
    const otherTrust = await generate(['trust', '--principal', `arn:aws:iam::${ACCOUNT_ID}:user/bob`])

    moto = await startMoto({ initialNoAuthActionCount: SET_UP_CALLS })
    account = new MotoAccount(moto.endpoint)
    carol = await account.createUser('carol', { path: '/engineering/', mfaDevices: 1, policy: asMotoJudgesIt(carolPolicy) })
    dave = await account.createUser('dave', { path: '/ops/', policy: asMotoJudgesIt(carolPolicy) })
    bob = await account.createUser('bob', { policy: bobPolicy })
    await account.iam.send(new CreateRoleCommand({ RoleName: 'Developer', AssumeRolePolicyDocument: JSON.stringify(developerTrust) }))
    await account.iam.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: JSON.stringify(otherTrust) }))

    await sandbox.dispose()
    sandbox = await Sandbox.create(moto.endpoint)
    await sandbox.writeCredentials(
      `${credentialsSection('carol', carol)}\n${credentialsSection('dave', dave)}\n${credentialsSection('bob', bob)}`,
    )
  })
  afterAll(async () => {
    account?.destroy()
    await moto?.stop()
    await sandbox?.dispose()
  })

  it(`enforces from the call after the ${SET_UP_CALLS} set-up calls: the fake admin key is now refused`, async () => {
    const admin = await sandbox.aws(['iam', 'list-users'], {
      env: { AWS_ACCESS_KEY_ID: 'AKIAFAKEADMIN0000000', AWS_SECRET_ACCESS_KEY: 'fake-admin-secret-not-real' },
    })
    expect(admin.code).not.toBe(0)
    expect(admin.stderr).toContain('InvalidClientTokenId')
  })

  it('changes only the Resource of the own-user statement for moto', () => {
    const judged = asMotoJudgesIt(carolPolicy)
    expect(judged.Statement.map((s) => s.Sid)).toEqual(['AssumeListedRoles', 'IamkitSessionTokens', 'IamkitOwnUser'])
    expect(judged.Statement.slice(0, 2)).toEqual(carolPolicy.Statement.slice(0, 2))
    expect(judged.Statement[2]).toEqual({ ...carolPolicy.Statement[2], Resource: '*' })
  })

  it('a user holding only the self-service policy can run iamkit init and login', async () => {
    const init = await sandbox.iamkit(['init', 'carol', '--json'])
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(JSON.parse(init.stdout)).toMatchObject({ username: 'carol', mfaSerial: carol.mfaSerial })

    const login = await sandbox.iamkit(['login', 'carol', '--token-code', '123456', '--json'])
    expect(login.stderr).toBe('')
    expect(login.code).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({ sessionProfile: 'carol-sts', reused: false, mfaSerial: carol.mfaSerial })
  })

  it('a user holding only the self-service policy can run iamkit rotate', async () => {
    const rotate = await sandbox.iamkit(['rotate', 'dave', '--json'])
    expect(rotate.code).toBe(0)
    const result = JSON.parse(rotate.stdout)
    expect(result).toMatchObject({ profile: 'dave', user: 'dave', oldAccessKeyId: dave.accessKeyId, oldKey: 'deleted', rotated: true })
    expect(await sandbox.readCredentials()).toContain(`aws_access_key_id = ${result.newAccessKeyId}`)
    const oldKey = await sandbox.aws(['sts', 'get-caller-identity'], { env: { AWS_ACCESS_KEY_ID: dave.accessKeyId, AWS_SECRET_ACCESS_KEY: dave.secretAccessKey } })
    expect(oldKey.stderr).toContain('InvalidClientTokenId')
    // The new key is still only the day-to-day user's.
    const denied = await sandbox.aws(['iam', 'create-user', '--user-name', 'mallory', '--profile', 'dave'])
    expect(denied.stderr).toContain('iam:CreateUser')
  })

  it.each([
    [['iam', 'create-user', '--user-name', 'mallory'], 'iam:CreateUser'],
    [['s3api', 'list-buckets'], 'AccessDenied'],
    [['iam', 'attach-user-policy', '--user-name', 'carol', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess'], 'iam:AttachUserPolicy'],
  ])('the self-service user is denied aws %s', async (args, denial) => {
    const result = await sandbox.aws([...args, '--profile', 'carol'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(denial)
  })

  it('the user may still make the calls the policy grants (the denials above are about the action)', async () => {
    const keys = await sandbox.aws(['iam', 'list-access-keys', '--user-name', 'carol', '--profile', 'carol'])
    expect(keys.stderr).toBe('')
    expect(JSON.parse(keys.stdout).AccessKeyMetadata[0].AccessKeyId).toBe(carol.accessKeyId)
  })

  it('the principal of a generated trust policy can assume the role, with its external id', async () => {
    const assumed = await sandbox.aws([
      'sts', 'assume-role', '--role-arn', DEVELOPER_ROLE, '--role-session-name', 'bob', '--external-id', EXTERNAL_ID, '--profile', 'bob',
    ])
    expect(assumed.stderr).toBe('')
    expect(assumed.code).toBe(0)
    expect(JSON.parse(assumed.stdout).AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/Developer/bob`)
  })

  it.each([
    ['with a wrong external id', ['--role-arn', DEVELOPER_ROLE, '--external-id', 'wrong-id', '--profile', 'bob']],
    ['as a user the trust policy does not name (whose own policy allows it)', ['--role-arn', DEVELOPER_ROLE, '--external-id', EXTERNAL_ID, '--profile', 'carol']],
    ['on a role its own policy does not list (whose trust policy names it)', ['--role-arn', OTHER_ROLE, '--profile', 'bob']],
  ])('assuming the role is denied %s', async (_why, args) => {
    const result = await sandbox.aws(['sts', 'assume-role', '--role-session-name', 'probe', ...args])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('AccessDenied')
  })
})
