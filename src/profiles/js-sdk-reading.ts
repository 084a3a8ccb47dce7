/**
 * How the AWS SDK for JavaScript (`@smithy/shared-ini-file-loader`) reads one line of a shared
 * file, so that iamkit can find the lines where it disagrees with botocore. The SDK cuts every
 * line at the first `#` or `;` that starts the line or follows white space, then trims it; a
 * section is a line in brackets, a setting is split at its first `=`.
 */
function withoutComment(line: string): string {
  return line.split(/(?:^|\s)[;#]/)[0]!.trim()
}

export const jsSdkReading = {
  /** The section name the SDK reads from a header line, or undefined if it sees no header. */
  header(line: string): string | undefined {
    const text = withoutComment(line)
    return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : undefined
  },

  /** The key and value the SDK reads from a setting line, or undefined if it reads none. */
  keyLine(line: string): { key: string; value: string } | undefined {
    const text = withoutComment(line)
    const at = text.indexOf('=')
    if (at <= 0) return undefined
    return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() }
  },
}
