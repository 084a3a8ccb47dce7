import { setFlagsFromString } from 'node:v8'

/** V8 lets the old generation grow to this many percent more than what was live at its last full collection. */
const HEAP_GROWING_PERCENT = 100

/**
 * For an organization audit, a long batch whose live heap stays flat (its findings wait on disk):
 * by default V8 lets the heap grow to about four times what was live at its last full collection
 * before it collects again, so the peak grows with the run's length, not with what the run holds.
 * At most twice keeps the peak near the live heap; the cost is more full collections, each short
 * at this size (measured in docs/audit.md). V8 reads the setting at every collection; single-account
 * audits and every other command keep V8's default.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
