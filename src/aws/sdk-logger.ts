import type { Reporter } from '../reporter.js'

/**
 * The SDK's logger, routed to iamkit's reporter at debug level. The SDK logs each command's
 * (already filtered) input and output; some outputs are binary (GetCredentialReport's CSV is a
 * Uint8Array, which JSON.stringify spells as a map of every byte), so binary values are shown
 * as their length, never their content (SPEC §0: --debug never dumps binary bodies).
 */
export function sdkLogger(reporter: Reporter) {
  const log = (...args: unknown[]) => reporter.debug(sdkLogLine(args))
  return { trace: () => {}, debug: log, info: log, warn: log, error: log }
}

export function sdkLogLine(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, withoutBinary))).join(' ')
}

// JSON.stringify has already applied Buffer's toJSON to `value`; the holder still has the original.
function withoutBinary(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown> | null)?.[key] ?? value
  if (ArrayBuffer.isView(original)) return `<${original.byteLength} bytes>`
  if (original instanceof ArrayBuffer) return `<${original.byteLength} bytes>`
  return value
}
