import { AwsError } from '../errors.js'
import { formatSeconds } from '../aws/timeouts.js'
import { registerSecret } from '../redact.js'
import type { Reporter } from '../reporter.js'
import type { SessionCredentials } from '../session/session-credentials.js'

export interface SigninTokenDeps {
  /** How long to wait for the endpoint to answer (the command's --timeout). */
  timeoutMs: number
  reporter: Reporter
  fetch?: typeof fetch
}

/**
 * A console sign-in token from the federation endpoint (`Action=getSigninToken`) for a session.
 * `sessionDuration` (900–43200 s) is sent only for role sessions; AWS takes a federation token's
 * own lifetime for the console. The request carries the session's secrets, so neither it nor the
 * token ever reaches a log.
 */
export async function getSigninToken(endpoint: string, session: SessionCredentials, sessionDuration: number | undefined, deps: SigninTokenDeps): Promise<string> {
  const url = new URL(endpoint)
  url.searchParams.set('Action', 'getSigninToken')
  if (sessionDuration !== undefined) url.searchParams.set('SessionDuration', String(sessionDuration))
  url.searchParams.set('Session', JSON.stringify({ sessionId: session.accessKeyId, sessionKey: session.secretAccessKey, sessionToken: session.sessionToken }))
  registerSecret(url.toString())
  deps.reporter.debug(`GET ${endpoint}?Action=getSigninToken${sessionDuration !== undefined ? `&SessionDuration=${sessionDuration}` : ''} (the session itself is not shown)`)

  let response: Response
  try {
    response = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(deps.timeoutMs), redirect: 'manual', headers: { accept: 'application/json' } })
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError'
    const why = timedOut ? `no answer within ${formatSeconds(deps.timeoutMs)}` : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message)
    throw new AwsError(timedOut ? 'TIMEOUT' : 'NETWORK', `signin:getSigninToken: could not reach ${endpoint} (${why}); check the network, --signin-endpoint and any proxy`, { cause: err })
  }
  const text = await response.text()
  const token = signinTokenIn(text)
  if (response.status === 200 && token) {
    registerSecret(token)
    // As it will appear inside URLs, in either encoding.
    registerSecret(encodeURIComponent(token))
    registerSecret(new URLSearchParams({ t: token }).toString().slice(2))
    return token
  }
  const contentType = response.headers.get('content-type') ?? 'no content type'
  if (response.status >= 400 && response.status < 500) {
    throw new AwsError(
      'SIGNIN_REFUSED',
      `signin:getSigninToken: ${endpoint} refused the session (HTTP ${response.status}); the session may have expired, or the requested console duration is longer than AWS allows for it`,
    )
  }
  throw new AwsError('NOT_AWS_ANSWER', `signin:getSigninToken: the answer from ${endpoint} is not AWS's (HTTP ${response.status}, ${contentType}), so iamkit has no sign-in token; check --signin-endpoint and any proxy`)
}

function signinTokenIn(text: string): string | undefined {
  try {
    const value = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken
    return typeof value === 'string' && value ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * The URL that signs the browser in and opens `destination`. It is a credential (anyone who
 * opens it within 15 minutes is signed in), so it is registered as a secret: it appears only
 * where the person asked for it (`console --print`).
 */
export function consoleLoginUrl(endpoint: string, signinToken: string, destination: string): string {
  const url = new URL(endpoint)
  url.searchParams.set('Action', 'login')
  url.searchParams.set('Issuer', 'iamkit')
  url.searchParams.set('Destination', destination)
  url.searchParams.set('SigninToken', signinToken)
  const text = url.toString()
  registerSecret(text)
  registerSecret(url.searchParams.toString())
  return text
}
