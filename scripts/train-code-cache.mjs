// Writes the V8 code cache of oclif's side of the bundle (dist/bundle/oclif.cjs; see
// src/cli/code-cache.ts) by running the CLI as a start does: run by `npm run build` after the
// bundle and oclif's manifest exist. The runs are the commands whose start-up is benchmarked
// (bench/suites/credentials.ts) plus a command's help; what they compile, later starts find
// compiled, and anything else is compiled as usual when first called.
//
// A child process does the runs: a fresh V8 with the flags a user's `node bin/run.js` has (V8
// refuses a cache made under other flags), and the CLI's output thrown away.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const RUNS = [['--help'], ['policy', 'mfa-required'], ['login', '--help']]

const child = spawnSync(
  process.execPath,
  ['-e', `require('./dist/bundle/run-oclif.cjs').writeOclifCodeCache(process.argv[1], JSON.parse(process.argv[2])).then((file) => console.error('code cache: ' + file))`, root, JSON.stringify(RUNS)],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
)
if (child.status !== 0) throw new Error(`writing the code cache failed (exit ${child.status ?? child.signal})`)
