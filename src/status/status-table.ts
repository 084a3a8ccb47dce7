import type { ProfileStatus } from './profile-status.js'
import { timeLeft } from './time-left.js'

/**
 * The status table for a person: one row per profile, columns cut to fit `width` (80 is a
 * width people use). The MFA device shows as its name (`mfa/alice`), expiry in UTC.
 */
export function renderStatusTable(statuses: ProfileStatus[], options: { width?: number; check?: boolean } = {}): string {
  const width = Math.max(60, options.width ?? 80)
  const head = ['PROFILE', 'KIND', 'KEY', 'MFA', 'EXPIRES UTC', 'LEFT', ...(options.check ? ['KEY AGE', 'LAST USED'] : [])]
  const rows = statuses.map((s) => [
    s.profile,
    s.kind,
    s.keyStore ?? '-',
    s.mfaSerial ? s.mfaSerial.slice(s.mfaSerial.lastIndexOf(':') + 1) : '-',
    s.session ? s.session.expiration.slice(5, 16).replace('T', ' ') : '-',
    s.session ? timeLeft(s.session.secondsLeft) : '-',
    ...(options.check ? keyColumns(s) : []),
  ])
  const widths = fit(head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length))), width, [0, 3])
  const line = (cells: string[]) => cells.map((c, i) => cut(c, widths[i]!).padEnd(widths[i]!)).join('  ').trimEnd()
  const notes = statuses.flatMap((s) => [
    ...(s.problem ? [`${s.profile}: ${s.problem}`] : []),
    ...(s.key?.error ? [`${s.profile}: --check failed: ${s.key.error}`] : []),
  ])
  return [line(head), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n')
}

function keyColumns(s: ProfileStatus): string[] {
  if (!s.key) return ['-', '-']
  if (s.key.error) return ['error', 'error']
  return [`${s.key.ageDays}d${s.key.status === 'Inactive' ? ' off' : ''}`, s.key.lastUsed ? s.key.lastUsed.slice(0, 10) : 'never']
}

/** Shrinks the flexible columns, widest first, until the row fits (two spaces between columns). */
function fit(widths: number[], total: number, flexible: number[]): number[] {
  const out = [...widths]
  const used = () => out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1)
  while (used() > total) {
    const widest = flexible.reduce((a, b) => (out[b]! > out[a]! ? b : a))
    if (out[widest]! <= 6) break
    out[widest]!--
  }
  return out
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}
