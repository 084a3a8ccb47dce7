/** `iamkit rotate --json` (SPEC §5). */
export interface RotateResult {
  profile: string
  user: string
  oldAccessKeyId: string
  /** Null when no key was made: `--if-older-than` found the key young enough, a dry run, or a "no". */
  newAccessKeyId: string | null
  oldKey: 'deleted' | 'inactive' | null
  rotated: boolean
  /** Present only when a journal of an interrupted rotation was found and dealt with first. */
  recovery?: 'finished' | 'undone'
  /** `--dry-run` only: the steps a rotation would take. */
  plan?: string[]
}

/** The result and the lines that tell a person about it (stdout without --json). */
export interface RotateOutcome {
  result: RotateResult
  lines: string[]
}
