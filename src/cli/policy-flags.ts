import { Flags } from '@oclif/core'

import { POLICY_LIMIT_NAMES, type PolicyLimit } from '../policy/policy-limits.js'

/** `--out` and `--limit`, shared by every `policy` command; the default limit fits the policy's usual home. */
export function policyOutputFlags(defaultLimit: PolicyLimit) {
  return {
    out: Flags.string({ helpValue: 'FILE', description: 'Write the policy to this file (atomically) instead of stdout', helpGroup: 'OUTPUT' }),
    limit: Flags.option({
      options: POLICY_LIMIT_NAMES,
      default: defaultLimit,
      description:
        "IAM size quota to check against (characters without white space): user-inline 2048, role-inline 10240, managed 6144, trust 2048",
      helpGroup: 'OUTPUT',
    })(),
  }
}
