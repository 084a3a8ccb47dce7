import { readFile } from 'node:fs/promises'

import { UsageError } from '../errors.js'
import type { Finding } from './finding.js'
import { type FindingType, isFindingType } from './finding-types.js'

/** One accepted finding: a type (or `*`), an ARN pattern, why, and until when. */
export interface IgnoreEntry {
  type: FindingType | '*'
  /** `*` matches any run of characters, `?` one. */
  arn: string
  reason: string
  /** The last day the entry holds (end of that day, UTC). */
  expires?: Date
}

/**
 * Reads an ignore file: `{"ignore": [{"type", "arn", "reason", "expires"?}]}` (or the bare list).
 * Any problem is a UsageError naming the file and the entry, since a typo here would silently
 * hide or show findings.
 */
const READ_FAILURES: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' }

export async function loadIgnoreFile(path: string): Promise<IgnoreEntry[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError('IGNORE_FILE', `cannot read --ignore-file ${path}: ${(code && READ_FAILURES[code]) ?? code ?? (err as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new UsageError('IGNORE_FILE', `--ignore-file ${path} is not valid JSON: ${(err as Error).message}`)
  }
  return parseIgnoreEntries(json, path)
}

export function parseIgnoreEntries(json: unknown, path: string): IgnoreEntry[] {
  const list = Array.isArray(json) ? json : (json as { ignore?: unknown } | null)?.ignore
  if (!Array.isArray(list)) throw new UsageError('IGNORE_FILE', `--ignore-file ${path} must hold {"ignore": [ … ]}, a list of {type, arn, reason, expires?}`)
  return list.map((raw, i) => {
    const where = `--ignore-file ${path}, entry ${i + 1}`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError('IGNORE_FILE', `${where}: must be an object {type, arn, reason, expires?}`)
    const entry = raw as Record<string, unknown>
    const unknownField = Object.keys(entry).find((k) => !['type', 'arn', 'reason', 'expires'].includes(k))
    if (unknownField) throw new UsageError('IGNORE_FILE', `${where}: unknown field "${unknownField}" (fields: type, arn, reason, expires)`)
    const { type, arn, reason, expires } = entry
    if (typeof type !== 'string' || (type !== '*' && !isFindingType(type))) throw new UsageError('IGNORE_FILE', `${where}: type must be a finding type such as UNUSED_ROLE, or "*" (got ${JSON.stringify(type)})`)
    if (typeof arn !== 'string' || arn === '') throw new UsageError('IGNORE_FILE', `${where}: arn must be an ARN or an ARN pattern with * and ?`)
    if (typeof reason !== 'string' || reason.trim() === '') throw new UsageError('IGNORE_FILE', `${where}: reason must say why the finding is accepted`)
    return { type, arn, reason, ...(expires === undefined ? {} : { expires: expiryDate(expires, where) }) }
  })
}

function expiryDate(value: unknown, where: string): Date {
  const match = typeof value === 'string' ? /^(\d{4})-(\d\d)-(\d\d)$/.exec(value) : null
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999)) : undefined
  if (!date || date.toISOString().slice(0, 10) !== value) throw new UsageError('IGNORE_FILE', `${where}: expires must be a date YYYY-MM-DD (got ${JSON.stringify(value)})`)
  return date
}

export interface IgnoreOutcome {
  kept: Finding[]
  suppressed: number
  warnings: string[]
}

/** Removes the findings that a current entry accepts; expired entries suppress nothing and warn. */
export function applyIgnores(findings: Finding[], entries: IgnoreEntry[], now: Date): IgnoreOutcome {
  const current = entries.filter((e) => !e.expires || e.expires.getTime() >= now.getTime())
  const warnings = entries
    .filter((e) => !current.includes(e))
    .map((e) => `ignore entry ${e.type} ${e.arn} expired on ${e.expires!.toISOString().slice(0, 10)}; its findings are reported again (${e.reason})`)
  const kept = findings.filter((f) => !current.some((e) => (e.type === '*' || e.type === f.type) && arnPattern(e.arn).test(f.resource.arn)))
  return { kept, suppressed: findings.length - kept.length, warnings }
}

function arnPattern(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`)
}
