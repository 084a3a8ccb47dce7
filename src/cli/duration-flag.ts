import { Flags } from '@oclif/core'

import { echo } from '../echo.js'
import { UsageError } from '../errors.js'

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 }

/** `3600`, `3600s`, `90m`, `12h` (aws-vault's units) as seconds; the range is the service's to check. */
export function parseDuration(text: string, flag = '--duration'): number {
  const match = /^(\d{1,7})([smh]?)$/.exec(text.trim())
  if (!match) throw new UsageError('BAD_DURATION', `${flag} must be seconds, or a number with s, m or h (3600, 90m, 12h), not ${echo(text)}`)
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!
}

/** A session length flag that takes s/m/h units. */
export function durationFlag(description: string) {
  return Flags.custom<number>({ description, helpValue: '3600|90m|12h', parse: async (input) => parseDuration(input) })()
}
