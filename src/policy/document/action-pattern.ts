/**
 * Action names and the patterns policies match them with. IAM compares actions without case
 * and lets `*` stand for any run of characters and `?` for exactly one.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return patternRegExp(pattern).test(action)
}

const compiled = new Map<string, RegExp>()

function patternRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern)
  if (!re) {
    const body = [...pattern]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')
    re = new RegExp(`^${body}$`, 'is')
    compiled.set(pattern, re)
  }
  return re
}

// `service:Action`, where the service prefix is lower-case letters, digits and hyphens and the
// action part letters, digits and the two wildcards (IAM rejects anything else with
// MalformedPolicyDocument). A lone `*` means every action of every service.
const ACTION_FORMAT = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/i

/** Whether `action` is written the way IAM accepts in Action / NotAction. */
export function isWellFormedAction(action: string): boolean {
  return action === '*' || ACTION_FORMAT.test(action)
}

/** The service prefix of `sts:AssumeRole` (`sts`), lower-cased; undefined for `*`. */
export function actionService(action: string): string | undefined {
  const colon = action.indexOf(':')
  return colon > 0 ? action.slice(0, colon).toLowerCase() : undefined
}
