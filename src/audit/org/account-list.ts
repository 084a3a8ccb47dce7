import { readFile } from 'node:fs/promises'

import { UsageError } from '../../errors.js'

const ACCOUNT_ID = /^\d{12}$/

/** `--accounts 111111111111,222222222222`: distinct 12-digit ids, in the order given. */
export function parseAccountIds(value: string, where: string): string[] {
  const ids = value
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean)
  const bad = ids.find((id) => !ACCOUNT_ID.test(id))
  if (bad !== undefined) throw new UsageError('USAGE', `${where}: "${bad}" is not a 12-digit AWS account id`)
  if (ids.length === 0) throw new UsageError('USAGE', `${where}: no account ids`)
  return [...new Set(ids)]
}

/** `--accounts-file F`: account ids separated by commas, spaces or lines; `#` starts a comment. */
export async function readAccountsFile(path: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UsageError('USAGE', `cannot read --accounts-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  return parseAccountIds(
    text
      .split('\n')
      .map((line) => line.replace(/#.*/, ''))
      .join('\n'),
    `--accounts-file ${path}`,
  )
}
