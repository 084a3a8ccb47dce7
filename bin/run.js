#!/usr/bin/env node
// `credential-process` (run before every AWS CLI call) and `--version` are answered without
// loading oclif: start-up time is part of iamkit's contract (docs/benchmarks.md). Everything
// else, and any form of those two that needs oclif's parsing or help, goes to oclif.
const { fastPath } = await import('../dist/fast/fast-path.js')
const fast = fastPath(process.argv.slice(2))
if (fast) {
  process.exitCode = await fast()
} else {
  const { execute } = await import('@oclif/core')
  await execute({ dir: import.meta.url })
}
