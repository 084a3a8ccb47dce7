// Preloaded with `node --import` to record every @aws-sdk module a process loads, ESM through a
// resolve hook and CommonJS through the require cache, into the file IAMKIT_SDK_PROBE names.
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'

const log = process.env.IAMKIT_SDK_PROBE
if (log) {
  register(new URL('./sdk-load-hooks.mjs', import.meta.url))
  const cache = createRequire(import.meta.url).cache
  process.on('exit', () => {
    for (const path of Object.keys(cache)) if (path.includes('/@aws-sdk/')) appendFileSync(log, `${path}\n`)
  })
}
