import { mfaSerialFor } from '../login-plan.js'
import type { SessionSource } from '../session-source.js'

/**
 * A new MFA session for a user profile: sts:GetSessionToken with the long-term key and a code
 * from the command's code sources. The code is got before the lock is taken (a person or
 * `mfa_process` may take a while); without a code source that this command allows, the source
 * cannot serve and says so by answering nothing.
 */
export const mfaSession: SessionSource = {
  name: 'new MFA session',
  async load(need, run) {
    const { plan } = need
    if (plan.kind !== 'user') return undefined
    const serialNumber = mfaSerialFor(plan, need.inherited?.serial)
    if (serialNumber && !run.codes) return undefined
    // Unattended (credential-process), a session without MFA is not made behind the person's back.
    if (!serialNumber && run.unattended) return undefined
    const keys = await plan.keys.load()
    if (!serialNumber) {
      run.reporter.warn(`profile "${plan.profile.name}" has no mfa_serial, so this session carries no MFA; run "iamkit init ${plan.profile.name}" to find your device`)
    }
    // A role's own mfa_process wins over its source's, as in aws-vault.
    const { inherited } = need
    const context = inherited?.process
      ? { profile: inherited.profile, mfaProcess: inherited.process }
      : { profile: plan.profile.name, mfaProcess: plan.profile.settings.mfa_process }
    const tokenCode = serialNumber ? await run.codes!(serialNumber, context) : undefined
    return run.refresh(need, this.name, () =>
      run.sts.getSessionToken(keys, {
        durationSeconds: need.requested ? run.durationSeconds : undefined,
        serialNumber,
        tokenCode,
      }),
    )
  },
}
