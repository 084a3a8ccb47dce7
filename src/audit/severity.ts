/** How bad a finding is, from least to most; `--fail-on` picks a threshold on this scale. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value)
}

/** Higher is worse: info 0 … critical 4. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** One step milder (info stays info): a grant that holds only under conditions. */
export function milder(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - 1)]!
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold)
}
