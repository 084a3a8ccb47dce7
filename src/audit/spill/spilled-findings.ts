import { compareFindings } from '../audit-report.js'
import type { Finding } from '../finding.js'
import { mergeSorted, type ReportFindings } from '../report-findings.js'
import type { SpillFile, SpillRun } from './spill-file.js'

/** A run of findings in the report's order: one account's, or (a shard's) several accounts'. */
export interface FindingRun extends SpillRun {
  /** The one account whose findings the run holds; undefined when it holds several. */
  accountId?: string
}

// What the readers of all runs side by side may hold in their buffers together.
const READ_BUDGET = 8 * 1024 * 1024

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
  }

  [Symbol.iterator](): Iterator<Finding> {
    return this.#merged(this.runs)
  }

  ofAccount(accountId: string): Iterable<Finding> {
    const own = this.runs.filter((r) => r.accountId === accountId)
    const mixed = this.runs.filter((r) => r.accountId === undefined)
    if (mixed.length === 0) return { [Symbol.iterator]: () => this.#merged(own) }
    return { [Symbol.iterator]: () => filter(this.#merged([...own, ...mixed]), (f) => f.account.id === accountId) }
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
