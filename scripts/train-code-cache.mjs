// Writes the V8 code cache of oclif's side of the bundle (dist/bundle/oclif.cjs; see
// src/cli/code-cache.ts) by running the CLI as a start does: run by `npm run build` after the
// bundle and oclif's manifest exist. The runs are those whose start-up is benchmarked
// (bench/suites/credentials.ts: --help, a policy, login) plus a command's help; what they
// compile, later starts find compiled, and anything else is compiled as usual when first called.
// login cannot reach AWS here: it runs for a profile that does not exist, which still takes it
// through its modules, its flags and the profile files, and ends with its usage error (exit 2);
// then for a profile with a (fake) key against a loopback port nothing listens on, which takes it
// through the AWS SDK (aws.cjs: client, middleware, signing, the HTTP request) up to the refused
// connection (exit 1, nothing written): what the SDK compiles for a call is cached too.
//
// A child process does the runs: a fresh V8 with the flags a user's `node bin/run.js` has (V8
// refuses a cache made under other flags), in an empty HOME (no profile of the builder's is
// read), its output thrown away.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
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
// aws.cjs's cache is written by a child of its own: what that login compiles of iamkit's code is
// kept out of oclif.cjs's cache, which every start deserialises whole.
const AWS_RUNS = [{ argv: ['login', 'trainer', '--token-code', '123456', '--force'], exitCode: 1 }]

/** A loopback port nothing listens on: one the kernel just gave out and took back. */
const closedPort = await new Promise((resolve, reject) => {
  const server = createServer()
  server.once('error', reject)
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})

const home = mkdtempSync(join(tmpdir(), 'iamkit-code-cache-'))
try {
  // AWS's documented example key: no real account's.
  writeFileSync(join(home, 'credentials'), '[trainer]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nmfa_serial = arn:aws:iam::123456789012:mfa/trainer\n')
  const loopback = { AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}`, AWS_MAX_ATTEMPTS: '1', IAMKIT_TIMEOUT: '5', AWS_EC2_METADATA_DISABLED: 'true' }
  const env = { PATH: process.env.PATH, HOME: home, AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config'), NO_COLOR: '1', ...loopback }
  const train = (runs, caches) => {
    const child = spawnSync(
      process.execPath,
      ['-e', `require('./dist/bundle/run-oclif.cjs').writeOclifCodeCache(...JSON.parse(process.argv[1])).then((files) => console.error(files.map((file) => 'code cache: ' + file).join('\\n')))`, JSON.stringify([root, runs, caches])],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' },
    )
    // The login runs' one-line errors are expected (and the SDK's notice about Node versions); the rest is shown on failure.
    const expected = (line) => line.startsWith('iamkit: profile "no-such-profile"') || line.startsWith('iamkit: sts:GetSessionToken: could not reach http://127.0.0.1:')
    const lines = child.stderr.split('\n').filter((line) => line && !expected(line))
    process.stderr.write((child.status === 0 ? lines.filter((line) => line.startsWith('code cache: ')) : lines).map((line) => `${line}\n`).join(''))
    if (child.status !== 0) throw new Error(`writing the code cache of ${caches} failed (exit ${child.status ?? child.signal})`)
    if (!lines.some((line) => line.startsWith('code cache: ') && line.includes(`/${caches}.`))) throw new Error(`the training runs did not load ${caches}, so it has no code cache`)
  }
  train(RUNS, 'oclif.cjs')
  train(AWS_RUNS, 'aws.cjs')
} finally {
  rmSync(home, { recursive: true, force: true })
}
