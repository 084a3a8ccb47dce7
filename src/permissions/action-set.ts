import type { ActionInfo, IamReference } from '../iam-reference/iam-reference.js'

/**
 * A set of AWS actions as a bit set over the reference's action ids (about 22,000 actions,
 * 2.8 KB a set), so that `iam:Put*` or `NotAction: iam:*` become real sets that can be
 * tested, joined and counted cheaply.
 */
export class ActionSet {
  private constructor(
    readonly words: Uint32Array,
    readonly size: number,
  ) {}

  static empty(total: number): ActionSet {
    return new ActionSet(new Uint32Array(Math.ceil(total / 32)), total)
  }

  static of(actions: readonly ActionInfo[], total: number): ActionSet {
    const set = ActionSet.empty(total)
    for (const a of actions) set.words[a.id >>> 5]! |= 1 << (a.id & 31)
    return set
  }

  /** The actions an Action (or, with `not`, a NotAction) list names, expanded against the reference. */
  static fromPatterns(patterns: readonly string[], reference: IamReference, not = false): ActionSet {
    const total = reference.allActions().length
    const set = ActionSet.of(
      patterns.flatMap((p) => reference.matchActions(p)),
      total,
    )
    return not ? set.complement() : set
  }

  has(action: ActionInfo): boolean {
    return (this.words[action.id >>> 5]! & (1 << (action.id & 31))) !== 0
  }

  complement(): ActionSet {
    const out = ActionSet.empty(this.size)
    for (let i = 0; i < this.words.length; i++) out.words[i] = ~this.words[i]! >>> 0
    out.clearTail()
    return out
  }

  union(other: ActionSet): ActionSet {
    const out = ActionSet.empty(this.size)
    for (let i = 0; i < this.words.length; i++) out.words[i] = (this.words[i]! | other.words[i]!) >>> 0
    return out
  }

  intersect(other: ActionSet): ActionSet {
    const out = ActionSet.empty(this.size)
    for (let i = 0; i < this.words.length; i++) out.words[i] = (this.words[i]! & other.words[i]!) >>> 0
    return out
  }

  minus(other: ActionSet): ActionSet {
    const out = ActionSet.empty(this.size)
    for (let i = 0; i < this.words.length; i++) out.words[i] = (this.words[i]! & ~other.words[i]!) >>> 0
    return out
  }

  private counted?: number

  /** Sets are not changed once built, so the count is kept. */
  count(): number {
    this.counted ??= this.countBits()
    return this.counted
  }

  private countBits(): number {
    let n = 0
    for (const word of this.words) {
      let w = word - ((word >>> 1) & 0x55555555)
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333)
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
    }
    return n
  }

  isFull(): boolean {
    return this.count() === this.size
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size
    if (extra > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra
  }
}
