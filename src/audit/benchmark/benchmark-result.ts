/** pass: the data shows the control is met; fail: findings show it is not; manual: a person must check; unknown: the data to judge it was not collected. */
export type ControlStatus = 'pass' | 'fail' | 'manual' | 'unknown'

export interface ControlResult {
  id: string
  title: string
  status: ControlStatus
  /** Why the status: the findings' count, what a person must check, or what could not be read. */
  detail: string
  /** The ids of the findings behind a failed control. */
  findings: string[]
}

/** The `benchmark` part of a report: `{id, controls}` (SPEC §7, `--benchmark cis-4.0`). */
export interface BenchmarkResult {
  id: string
  title: string
  controls: ControlResult[]
}
