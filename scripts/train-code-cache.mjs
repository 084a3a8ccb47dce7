// Writes the V8 code cache of oclif's side of the bundle (dist/bundle/oclif.cjs; see
// src/cli/code-cache.ts) by running the CLI as a start does: run by `npm run build` after the
// bundle and oclif's manifest exist. The runs are those whose start-up is benchmarked
// (bench/suites/credentials.ts: --help, a policy, login) plus a command's help; what they
// compile, later starts find compiled, and anything else is compiled as usual when first called.
// login cannot reach AWS here: it runs for a profile that does not exist, which still takes it
// through its modules, its flags and the profile files, and ends with its usage error (exit 2).
//
// A child process does the runs: a fresh V8 with the flags a user's `node bin/run.js` has (V8
// refuses a cache made under other flags), in an empty HOME (no profile of the builder's is
// read), its output thrown away.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const RUNS = [
  { argv: ['--help'], exitCode: 0 },
  { argv: ['policy', 'mfa-required'], exitCode: 0 },
  { argv: ['login', '--help'], exitCode: 0 },
  { argv: ['login', 'no-such-profile', '--token-code', '123456', '--force'], exitCode: 2 },
]

const home = mkdtempSync(join(tmpdir(), 'iamkit-code-cache-'))
try {
  const env = { PATH: process.env.PATH, HOME: home, AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config'), NO_COLOR: '1' }
  const child = spawnSync(
    process.execPath,
    ['-e', `require('./dist/bundle/run-oclif.cjs').writeOclifCodeCache(process.argv[1], JSON.parse(process.argv[2])).then((file) => console.error('code cache: ' + file))`, root, JSON.stringify(RUNS)],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' },
  )
  // The login run's one-line error is expected; anything else on stderr is shown.
  process.stderr.write(child.stderr.split('\n').filter((line) => line && !line.startsWith('iamkit: profile "no-such-profile"')).map((line) => `${line}\n`).join(''))
  if (child.status !== 0) throw new Error(`writing the code cache failed (exit ${child.status ?? child.signal})`)
} finally {
  rmSync(home, { recursive: true, force: true })
}
