import { createHash } from 'node:crypto'

import { UsageError } from '../../errors.js'

/** `--shard K/N`: the K-th of N slices (1-based). */
export interface Shard {
  index: number
  count: number
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new UsageError('USAGE', `--shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (not "${value}")`)
  }
  return { index, count }
}

/**
 * Which shard an account belongs to: a hash of its id, so an account stays in its shard when
 * others join or leave the organization, and every process computes the same split.
 */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest()
  return (digest.readUInt32BE(0) % count) + 1
}

export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(accountId, shard.count) === shard.index
}
