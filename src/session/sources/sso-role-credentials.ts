import { UsageError } from '../../errors.js'
import { ssoRoleSession } from '../../sso/sso-role-session.js'
import { NeedsPersonError } from '../resolve-session.js'
import type { SessionSource } from '../session-source.js'

/**
 * A new role session for an IAM Identity Center profile: the sign-in's access token (cached,
 * renewed with its refresh token, or — only where a person may approve it — a new device
 * sign-in) traded for the profile's account and role with sso:GetRoleCredentials. The token is
 * got before the credentials file's lock is taken; only the exchange runs under it.
 */
export const ssoRoleCredentials: SessionSource = {
  name: 'IAM Identity Center role credentials',
  async load(need, run) {
    const { plan } = need
    if (plan.kind !== 'sso') return undefined
    if (!run.sso) throw new UsageError('SSO_UNSUPPORTED', `this command cannot sign in to IAM Identity Center for profile "${plan.profile.name}"`)
    return ssoRoleSession(
      plan.sso,
      { ...run.sso, ...(run.unattended ? { person: undefined } : {}), reporter: run.reporter },
      {
        // Unattended (credential-process): say what the person must do; the caller decides what to serve instead.
        ...(run.unattended ? { noPersonError: (why: string) => new NeedsPersonError(plan.profile.name, why) } : {}),
        exchange: (getRoleCredentials) => run.refresh(need, this.name, getRoleCredentials),
      },
    )
  },
}
