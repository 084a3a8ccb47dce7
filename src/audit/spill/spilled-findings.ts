import { compareFindings } from '../audit-report.js'
import type { Finding } from '../finding.js'
import { mergeSorted, type ReportFindings } from '../report-findings.js'
import type { SpillFile, SpillRun } from './spill-file.js'

/** A run of findings in the report's order: one account's, or (a shard's) several accounts'. */
export interface FindingRun extends SpillRun {
  /** The accounts whose findings the run holds. */
  accounts: readonly string[]
}

// What the readers of all runs side by side may hold in their buffers together.
const READ_BUDGET = 2 * 1024 * 1024

/**
 * The findings of a report kept in a spill file, one sorted run per account (or shard): read in
 * the report's order by merging the runs (equal findings in the runs' order, as a stable sort of
 * them one after another would put them), or one account's at a time.
 */
export class SpilledFindings implements ReportFindings {
  readonly count: number

  constructor(
    private readonly file: SpillFile,
    private readonly runs: readonly FindingRun[],
  ) {
    this.count = runs.reduce((n, r) => n + r.records, 0)
    // Checked before any of the report is written (on stdout, a report cut short could not be taken back).
    file.assertWhole()
  }

  [Symbol.iterator](): Iterator<Finding> {
    return this.#merged(this.runs)
  }

  /** Reads only the runs that hold the account: its own, or (a merge) the one shard's it was in. */
  ofAccount(accountId: string): Iterable<Finding> {
    const runs = this.runs.filter((r) => r.accounts.includes(accountId))
    if (runs.every((r) => r.accounts.length === 1)) return { [Symbol.iterator]: () => this.#merged(runs) }
    return { [Symbol.iterator]: () => filter(this.#merged(runs), (f) => f.account.id === accountId) }
  }

  #merged(runs: readonly FindingRun[]): Generator<Finding> {
    const blockSize = Math.max(4096, Math.min(64 * 1024, Math.floor(READ_BUDGET / Math.max(1, runs.length))))
    return mergeSorted(
      runs.map((run) => this.file.read(run, blockSize) as Generator<Finding>),
      compareFindings,
    )
  }
}

function* filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item
}
