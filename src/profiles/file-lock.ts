import { dirname } from 'node:path'

import type { lock } from 'proper-lockfile'

import { SystemError } from '../errors.js'
import { ensurePrivateDir } from './private-dir.js'
import { assertRegularFileOrAbsent } from './regular-file.js'

/**
 * Holds `<file>.lock` while `work` runs, so concurrent iamkit processes take turns on a profile
 * file instead of overwriting each other's changes. A lock left by a crashed process goes stale
 * after 15 s without its owner refreshing it, and is then taken over.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  // Never a lock beside a device: /dev/null as the credentials file must not create /dev/null.lock.
  await assertRegularFileOrAbsent(file, 'the files it locks')
  await ensurePrivateDir(dirname(file))
  let release: () => Promise<void>
  try {
    release = await (await lockLibrary())(file, {
      realpath: false,
      stale: 15_000,
      update: 5_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 250, randomize: true },
    })
  } catch (err) {
    throw new SystemError('LOCKED', `${file} is locked by another iamkit process (${(err as Error).message}); try again`, { cause: err })
  }
  try {
    return await work()
  } finally {
    await release().catch(() => {})
  }
}

// Loaded on the first lock only (it patches fs on load, ~10 ms): reading profiles takes no lock.
let library: Promise<typeof lock> | undefined
function lockLibrary(): Promise<typeof lock> {
  library ??= import('proper-lockfile').then((module) => module.default.lock)
  return library
}
