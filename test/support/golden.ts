import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

import { expect } from 'vitest'

/** A fixture under test/fixtures/<folder>/ (policy/ by default); UPDATE_GOLDEN=1 rewrites it from the actual text. */
export function goldenPath(name: string, folder = 'policy'): string {
  return fileURLToPath(new URL(`../fixtures/${folder}/${name}`, import.meta.url))
}

export async function expectGolden(name: string, actual: string, folder = 'policy'): Promise<void> {
  const path = goldenPath(name, folder)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI === 'true') throw new Error(`golden file ${name} is missing`)
    await writeFile(path, actual)
  }
  expect(actual).toBe(await readFile(path, 'utf8'))
}
