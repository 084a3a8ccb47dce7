import { mkdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

import { UsageError } from '../errors.js'

/**
 * Makes sure `dir` exists before iamkit writes into it. iamkit creates only the folders it owns
 * (SPEC §0: `~/.aws` and `~/.aws/sso/cache`, as 0700); any other missing folder is bad input
 * naming it, so a mistyped path never leaves folders behind.
 */
export async function ensurePrivateDir(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined
    throw err
  })
  if (existing?.isDirectory()) return
  if (existing) throw new UsageError('NOT_A_FOLDER', `${dir} is not a folder; iamkit needs a folder there to write its files`)
  if (!ownedFolders(env).includes(resolve(dir))) {
    throw new UsageError('NO_SUCH_FOLDER', `the folder ${dir} does not exist; create it first (iamkit creates only ~/.aws and ~/.aws/sso/cache)`)
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
}

function ownedFolders(env: NodeJS.ProcessEnv): string[] {
  const aws = resolve(join(env.HOME || env.USERPROFILE || homedir(), '.aws'))
  return [aws, join(aws, 'sso'), join(aws, 'sso', 'cache')]
}
