import { resolve } from 'node:path'

import type { PolicyDocument } from '../policy/document/model.js'
import type { PolicyLimit, PolicySize } from '../policy/policy-limits.js'
import { type PolicyKind, validatePolicy } from '../policy/validate-policy.js'
import type { Reporter } from '../reporter.js'

export interface PolicyOutputOptions {
  kind: PolicyKind
  limit: PolicyLimit
  /** What to do when the policy is over the limit, for the error message. */
  tooLargeAdvice: string
  out?: string
  json: boolean
}

/** What `--json` prints: the policy itself and how it measured up. */
export interface PolicyOutput {
  policy: object
  size: PolicySize
  out?: string
}

/**
 * Validates the document, then prints it as pretty JSON on stdout or writes it atomically to
 * `--out` (never both, never a partial file); with `--json` the caller returns the result and
 * oclif prints it instead.
 */
export async function outputPolicy(
  document: PolicyDocument,
  options: PolicyOutputOptions,
  io: { log(text: string): void; reporter: Reporter },
): Promise<PolicyOutput> {
  // AWS's service authorization data, loaded only by the commands that write policies.
  const { loadIamReference } = await import('../iam-reference/load-iam-reference.js')
  const { json, size } = validatePolicy(document, { ...options, reference: await loadIamReference() })
  const text = `${JSON.stringify(json, null, 2)}\n`
  if (options.out) {
    const out = resolve(options.out)
    // Loaded only for --out: the atomic writer pulls in file-locking packages that printing does not need.
    const { writeFileAtomically } = await import('../profiles/atomic-write.js')
    await writeFileAtomically(out, text)
    io.reporter.info(`Wrote the policy (${size.characters} of ${size.maximum} characters for ${size.limit}) to ${out}`)
    return { policy: json, size, out }
  }
  if (!options.json) io.log(text.trimEnd())
  return { policy: json, size }
}
