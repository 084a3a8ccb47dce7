#!/usr/bin/env node
// `iamkit --version` answers without loading oclif: start-up time is part of iamkit's
// contract (docs/benchmarks.md), and scripts call it to check an install. Same text as oclif's.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  const { readFileSync } = await import('node:fs')
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`iamkit/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const { execute } = await import('@oclif/core')
  await execute({ dir: import.meta.url })
}
