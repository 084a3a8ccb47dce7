import { describe, expect, it } from 'vitest'

import { parseAccountIds } from '../../../../src/audit/org/account-list.js'
import { inShard, parseShard, shardOf } from '../../../../src/audit/org/shard.js'
import { UsageError } from '../../../../src/errors.js'

const ids = Array.from({ length: 300 }, (_, i) => String(100000000000 + i * 7919))

describe('--shard', () => {
  it('parses K/N and refuses the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/3/4']) expect(() => parseShard(bad)).toThrow(UsageError)
  })

  it('puts every account in exactly one shard, spread across all of them', () => {
    const shards = [1, 2, 3, 4].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })))
    expect(shards.flat().sort()).toEqual([...ids].sort())
    for (const shard of shards) expect(shard.length).toBeGreaterThan(40)
  })

  it('keeps an account in its shard when others join or leave (a hash of its id, not its position)', () => {
    expect(ids.map((id) => shardOf(id, 4))).toEqual(ids.map((id) => shardOf(id, 4)))
    expect(shardOf('123456789012', 4)).toBe(shardOf('123456789012', 4))
    expect(inShard('123456789012', undefined)).toBe(true)
  })
})

describe('--accounts', () => {
  it('takes distinct 12-digit ids separated by commas or spaces', () => {
    expect(parseAccountIds('111111111111, 222222222222 111111111111', '--accounts')).toEqual(['111111111111', '222222222222'])
    expect(() => parseAccountIds('11111111111', '--accounts')).toThrow(/"11111111111" is not a 12-digit AWS account id/)
    expect(() => parseAccountIds(' , ', '--accounts')).toThrow(/no account ids/)
  })
})
