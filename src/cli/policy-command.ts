import type { Command } from '@oclif/core'

import type { PolicyDocument } from '../policy/document/model.js'
import type { PolicyLimit } from '../policy/policy-limits.js'
import type { PolicyKind } from '../policy/validate-policy.js'
import { checkOutputPath } from '../output/output-path.js'
import { BaseCommand } from './base-command.js'
import { outputPolicy, type PolicyOutput } from './policy-output.js'

/** A `policy …` command: its flags include `policyOutputFlags`, and it ends by emitting one document. */
export abstract class PolicyCommand<T extends typeof Command> extends BaseCommand<T> {
  /** A bad `--out` is refused before the policy is built (from-usage reads CloudTrail for minutes). */
  override async init(): Promise<void> {
    await super.init()
    const { out } = this.flags as unknown as { out?: string }
    if (out !== undefined) await checkOutputPath(out, '--out')
  }

  /** Validates and prints (or writes to `--out`) the document, honouring `--limit` and `--json`. */
  protected emitPolicy(document: PolicyDocument, kind: PolicyKind, tooLargeAdvice: string): Promise<PolicyOutput> {
    const { limit, out } = this.flags as unknown as { limit: PolicyLimit; out?: string }
    return outputPolicy(
      document,
      { kind, limit, out, json: this.jsonEnabled(), tooLargeAdvice },
      { log: (text) => this.log(text), reporter: this.reporter },
    )
  }
}
