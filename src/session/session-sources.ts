import { assumedRole } from './sources/assumed-role.js'
import { cachedSession } from './sources/cached-session.js'
import { mfaSession } from './sources/mfa-session.js'
import { sessionKeys } from './sources/session-keys.js'
import { ssoRoleCredentials } from './sources/sso-role-credentials.js'
import type { SessionSource } from './session-source.js'

/**
 * The ways of getting a session, in the order they are tried (SPEC §4): what is stored and
 * still good, then what needs no code (a role assumed with its source's session), then a new
 * MFA session, which needs a code. login, exec and credential-process share this list and
 * differ only in which code sources they allow (SessionRun.codes).
 *
 * A new way is a new file in sources/ and one entry here; its `load` answers `undefined` for
 * the plans it does not serve. An SSO profile's role credentials come before the MFA session,
 * which is the only source that asks for a code.
 */
export const SESSION_SOURCES: readonly SessionSource[] = [cachedSession, sessionKeys, assumedRole, ssoRoleCredentials, mfaSession]
