/**
 * Resource ARN patterns as IAM matches them: case-sensitive, `*` for any run of characters
 * (slashes included), `?` for one, and policy variables such as `${aws:username}` replaced
 * by the request's values before matching. A variable without a value matches nothing, as
 * in IAM, where the statement then does not apply.
 */
export function resourceMatches(pattern: string, arn: string, variables: Record<string, string> = {}): boolean {
  let body = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i)
      if (end < 0) return false
      const name = pattern.slice(i + 2, end)
      const value = specialVariable(name) ?? lookup(variables, name)
      if (value === undefined) return false
      body += escape(value)
      i = end
    } else body += c === '*' ? '.*' : c === '?' ? '.' : escape(c)
  }
  return new RegExp(`^${body}$`, 's').test(arn)
}

// IAM's escapes for characters that are otherwise special in a resource pattern.
function specialVariable(name: string): string | undefined {
  return name === '*' ? '*' : name === '?' ? '?' : name === '$' ? '$' : undefined
}

// Variable names compare without case (`${aws:username}` and `${aws:UserName}` are one key).
function lookup(variables: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(variables)) if (key.toLowerCase() === lower) return value
  return undefined
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
