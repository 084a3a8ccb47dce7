import { describe, expect, it } from 'vitest'

import { rootWithoutHardwareMfa } from '../../../../src/audit/rules/root-without-hardware-mfa.js'
import { ACCOUNT, reportEntry, run } from './fixtures.js'

const root = reportEntry('<root_account>', { mfaActive: true })

describe('ROOT_WITHOUT_HARDWARE_MFA', () => {
  it("flags root's MFA when it is an assigned virtual device", () => {
    const devices = [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: root.arn }]
    expect(run(rootWithoutHardwareMfa, { credentialReport: { entries: [root] }, virtualMfaDevices: devices })).toMatchObject([{ resource: { type: 'RootAccount' } }])
  })

  it('passes a root with MFA but no virtual device (hardware), and leaves root without MFA to ROOT_WITHOUT_MFA', () => {
    const alice = [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userArn: `arn:aws:iam::${ACCOUNT}:user/alice` }]
    expect(run(rootWithoutHardwareMfa, { credentialReport: { entries: [root] }, virtualMfaDevices: alice })).toEqual([])
    expect(run(rootWithoutHardwareMfa, { credentialReport: { entries: [reportEntry('<root_account>')] }, virtualMfaDevices: [] })).toEqual([])
  })
})
