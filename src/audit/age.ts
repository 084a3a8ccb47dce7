const DAY_MS = 86_400_000

/** Whole days from `then` to `now` (never negative). */
export function daysSince(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / DAY_MS))
}

/**
 * The audit's definition of unused (SPEC §7): last used longer than `unusedDays` ago, or never
 * used and created longer ago than that. Something younger than `unusedDays` is never unused,
 * whatever its last use says, and so is something whose creation date is unknown and never used.
 */
export function isUnused(usage: { createdAt?: Date; lastUsed?: Date }, now: Date, unusedDays: number): boolean {
  if (usage.createdAt && daysSince(usage.createdAt, now) < unusedDays) return false
  if (usage.lastUsed) return daysSince(usage.lastUsed, now) > unusedDays
  return usage.createdAt !== undefined && daysSince(usage.createdAt, now) > unusedDays
}

export function isoOrNull(date: Date | undefined): string | null {
  return date ? date.toISOString() : null
}
