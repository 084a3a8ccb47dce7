import { mkdir } from 'node:fs/promises'

/** Creates missing folders as 0700 (SPEC §1); existing folders keep their mode. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
}
