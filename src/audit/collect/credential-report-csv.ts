import type { AccessKeySlot, CredentialReport, CredentialReportEntry } from '../account-data.js'

/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted; inside quotes a doubled quote is
 * a quote and commas and line breaks are data. Lines end with LF or CRLF.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  // The field so far, and where a run of plain characters not yet in it starts (-1: none): a
  // plain field is one slice of the text, not one string per character (a large account's
  // report is megabytes).
  let field = ''
  let from = -1
  let quoted = false
  const flush = (to: number) => {
    if (from >= 0) field += text.slice(from, to)
    from = -1
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && field === '' && from < 0) quoted = true
    else if (c === ',') {
      flush(i)
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      flush(i)
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else if (from < 0) {
      flush(i)
      from = i
    }
  }
  flush(text.length)
  if (quoted) throw new Error('unterminated quoted field')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''))
}

const ROOT_USER = '<root_account>'
const REQUIRED_COLUMNS = ['user', 'arn', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active']

/** The credential report's CSV as typed rows (the `<root_account>` row included). */
export function parseCredentialReport(csv: string, generatedTime?: Date): CredentialReport {
  const [header, ...rows] = parseCsv(csv)
  if (!header) return { generatedTime, entries: [] }
  const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name))
  if (missing.length) throw new Error(`the credential report lacks the column(s) ${missing.join(', ')}`)
  const entries = rows.map((cells) => {
    const get = (name: string) => cells[header.indexOf(name)] ?? ''
    return toEntry(get)
  })
  return { generatedTime, entries }
}

function toEntry(get: (column: string) => string): CredentialReportEntry {
  const user = get('user')
  const isRoot = user === ROOT_USER
  return {
    user,
    arn: get('arn'),
    isRoot,
    createdAt: dateOf(get('user_creation_time')),
    // The root row says not_supported: root always has a password.
    passwordEnabled: get('password_enabled') === 'true' || (isRoot && get('password_enabled') === 'not_supported'),
    passwordLastUsed: dateOf(get('password_last_used')),
    passwordLastChanged: dateOf(get('password_last_changed')),
    mfaActive: get('mfa_active') === 'true',
    accessKeys: ([1, 2] as const).map((slot) => keySlot(slot, get)).filter((key): key is AccessKeySlot => key !== undefined),
  }
}

function keySlot(slot: 1 | 2, get: (column: string) => string): AccessKeySlot | undefined {
  const lastRotated = dateOf(get(`access_key_${slot}_last_rotated`))
  const active = get(`access_key_${slot}_active`) === 'true'
  if (!active && !lastRotated) return undefined
  return { slot, active, lastRotated, lastUsed: dateOf(get(`access_key_${slot}_last_used_date`)) }
}

// The report writes N/A, no_information or not_supported where there is no date.
function dateOf(value: string): Date | undefined {
  if (!/^\d{4}-\d\d-\d\dT/.test(value)) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}
