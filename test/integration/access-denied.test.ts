import { beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

const skip = motoUnavailableReason()

/** createUser with one MFA device: CreateUser, CreateAccessKey, CreateVirtualMFADevice, EnableMFADevice. */
const SETUP_CALLS = 4

// A new user whose administrator has not granted anything yet: each command must name the call
// AWS denied, and none may blame an MFA code (the bug: "iam:ListMFADevices: AWS rejected the MFA code").
describe.skipIf(skip)(`a user without permissions, against moto enforcing IAM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto({ initialNoAuthActionCount: SETUP_CALLS })
  let sandbox: Sandbox
  let erin: SeededUser
  let before: string

  beforeEach(async () => {
    await shared.moto.resetAuth(SETUP_CALLS)
    sandbox = await Sandbox.create(shared.moto.endpoint)
    erin = await shared.account.createUser('erin', { mfaDevices: 1 })
    before = `${credentialsSection('default', erin)}\n${credentialsSection('withmfa', erin)}mfa_serial = ${erin.mfaSerial}\n`
    await sandbox.writeCredentials(before)
    return () => sandbox.dispose()
  })

  const ERIN = 'arn:aws:iam::123456789012:user/erin'
  it.each([
    ['init', ['init', 'default'], 'iam:ListMFADevices', true],
    ['login', ['login', 'withmfa', '--token-code', '123456'], 'sts:GetSessionToken', true],
    ['rotate', ['rotate', 'default', '--yes'], 'iam:ListAccessKeys', true],
    ['audit', ['audit', '--profile', 'default', '--format', 'json'], 'iam:GetAccountAuthorizationDetails', false],
  ] as [string, string[], string, boolean][])('%s names the denied call and says nothing about an MFA code', async (_name, args, call, selfService) => {
    const run = await sandbox.iamkit(args)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trimEnd().split('\n')
    const error = lines.at(-1)!
    expect(error).toMatch(new RegExp(`^iamkit: ${call} was denied: (IAM user erin|${ERIN}) needs permission for ${call}\\b`))
    expect(error.includes('iamkit policy user --self-service')).toBe(selfService)
    expect(run.stderr).not.toMatch(/MFA code|one time pass|rejected/i)
    expect(await sandbox.readCredentials()).toBe(before)
  })
})
