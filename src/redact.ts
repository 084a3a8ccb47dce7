/**
 * Secret redaction for everything iamkit prints on stderr, logs with --debug or puts in an
 * error. Secrets that iamkit handles are registered as they are read or received, so they are
 * caught verbatim; the patterns catch the ones it never saw (an SDK message, a file excerpt).
 */
const knownSecrets = new Set<string>()

/** Remember a secret so that `redact` hides it wherever it shows up later. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret)
}

const SECRET_ASSIGNMENT = /(\b(?:aws_secret_access_key|aws_session_token|aws_security_token|SecretAccessKey|SessionToken|secretAccessKey|sessionToken|TokenCode|tokenCode)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi

export const REDACTED = '[REDACTED]'

export function redact(text: string): string {
  let out = text
  for (const secret of knownSecrets) out = out.split(secret).join(REDACTED)
  return out.replace(SECRET_ASSIGNMENT, `$1${REDACTED}`)
}
