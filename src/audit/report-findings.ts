import type { AuditReport } from './audit-report.js'
import type { Finding } from './finding.js'

/**
 * The findings of a report in the report's order, wherever they are held: in memory, or on disk
 * until the report is written (an organization audit's spill files). Each pass reads them anew.
 */
export interface ReportFindings extends Iterable<Finding> {
  readonly count: number
  /** One account's findings, in the report's order. */
  ofAccount(accountId: string): Iterable<Finding>
}

/** A report as the renderers write it: the document, with findings that are read while it is written. */
export type ReportToWrite = Omit<AuditReport, 'findings'> & { findings: ReportFindings }

export class FindingsInMemory implements ReportFindings {
  constructor(private readonly list: readonly Finding[]) {}

  get count(): number {
    return this.list.length
  }

  [Symbol.iterator](): Iterator<Finding> {
    return this.list[Symbol.iterator]()
  }

  ofAccount(accountId: string): Iterable<Finding> {
    return this.list.filter((f) => f.account.id === accountId)
  }
}

/** A report built in memory (one account, `policy check`, a test), ready for the renderers. */
export function toWrite(report: AuditReport | ReportToWrite): ReportToWrite {
  return Array.isArray(report.findings) ? { ...report, findings: new FindingsInMemory(report.findings) } : (report as ReportToWrite)
}

/**
 * Several lists, each already in `compare`'s order, as one list in that order (a heap of their
 * heads: log k comparisons a finding). Equal items keep the order of the lists, as a stable
 * sort of the lists one after another would.
 */
export function* mergeSorted<T>(lists: Iterable<T>[], compare: (a: T, b: T) => number): Generator<T> {
  type Head = { item: T; list: number; rest: Iterator<T> }
  const before = (a: Head, b: Head) => (compare(a.item, b.item) || a.list - b.list) < 0
  const heap: Head[] = []
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!])
  const siftDown = (from: number) => {
    for (let i = from; ; ) {
      const [l, r] = [2 * i + 1, 2 * i + 2]
      let least = i
      if (l < heap.length && before(heap[l]!, heap[least]!)) least = l
      if (r < heap.length && before(heap[r]!, heap[least]!)) least = r
      if (least === i) return
      swap(i, least)
      i = least
    }
  }
  try {
    lists.forEach((list, index) => {
      const rest = list[Symbol.iterator]()
      const first = rest.next()
      if (first.done) return
      heap.push({ item: first.value, list: index, rest })
      for (let i = heap.length - 1; i > 0 && before(heap[i]!, heap[(i - 1) >> 1]!); i = (i - 1) >> 1) swap(i, (i - 1) >> 1)
    })
    while (heap.length > 0) {
      const head = heap[0]!
      yield head.item
      const next = head.rest.next()
      if (next.done) {
        const last = heap.pop()!
        if (heap.length > 0) heap[0] = last
      } else {
        head.item = next.value
      }
      siftDown(0)
    }
  } finally {
    // A reader that stops early (a write that failed) closes the lists still open: their files.
    for (const head of heap) head.rest.return?.()
  }
}
