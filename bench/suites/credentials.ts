import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

import { credentialsSection, MotoAccount } from '../../test/support/moto-account.js'
import { startMoto } from '../../test/support/moto.js'
import { IAMKIT_BIN, Sandbox } from '../../test/support/sandbox.js'
import type { BenchSuite } from '../run.js'
import { compareSideBySide, fmt, median, timeRun } from '../measure.js'

const RUNS = 15
const FLOOR = fileURLToPath(new URL('../floor/sts-call.mjs', import.meta.url))
const COMMONJS_FLOOR = fileURLToPath(new URL('../floor/sts-call.cjs', import.meta.url))

/**
 * Sessions against Node's floor (issue 12), each pair side by side in one alternating run:
 * - credential-process with a stored session, --help and a policy command against `node -e 0`;
 * - login --force (one GetSessionToken) and credential-process renewing an expired role session
 *   (one AssumeRole signed with the stored MFA session) against bench/floor/sts-call.cjs, the
 *   smallest Node program making the same call with the same SDK against the same moto, as
 *   CommonJS (the faster, so the real floor); the same script as an ES module (sts-call.mjs) is
 *   shown for comparison.
 */
const suite: BenchSuite = {
  title: 'Sessions and start-up against the Node floor (issue 12)',
  async run() {
    const load = loadavg()[0]!.toFixed(1)
    const moto = await startMoto()
    const sandbox = await Sandbox.create(moto.endpoint)
    try {
      const account = new MotoAccount(moto.endpoint)
      const alice = await account.createUser('alice', { mfaDevices: 1 })
      const roleArn = await account.createRole('Work', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }] })
      account.destroy()
      await sandbox.writeCredentials(`${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\nusername = alice\n`)
      await sandbox.writeConfig(`[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\n`)
      const env = sandbox.env
      const node = process.execPath
      const iamkit = (args: string[]) => () => timeRun(node, [IAMKIT_BIN, ...args], env)
      if ((await sandbox.iamkit(['login', 'admin', '--token-code', '123456'])).code !== 0) throw new Error('login failed')

      const startup = compareSideBySide(
        {
          'node -e 0': () => timeRun(node, ['-e', '0'], env),
          'iamkit credential-process admin (stored session)': iamkit(['credential-process', 'admin']),
          'iamkit --version': iamkit(['--version']),
          'iamkit --help': iamkit(['--help']),
          'iamkit policy mfa-required': iamkit(['policy', 'mfa-required']),
        },
        RUNS,
      )

      const floorEnv = { ...env, FLOOR_KEY_ID: alice.accessKeyId, FLOOR_SECRET: alice.secretAccessKey, FLOOR_MFA_SERIAL: alice.mfaSerial }
      const login = compareSideBySide(
        {
          'iamkit login default --token-code 123456 --force': iamkit(['login', 'default', '--token-code', '123456', '--force']),
          'floor: GetSessionToken (bench/floor/sts-call.mjs)': () => timeRun(node, [FLOOR, 'get-session-token'], floorEnv),
          'floor, CommonJS: GetSessionToken (bench/floor/sts-call.cjs)': () => timeRun(node, [COMMONJS_FLOOR, 'get-session-token'], floorEnv),
        },
        RUNS,
      )

      // Each renewal starts from the same file: the role session expired, the MFA session valid.
      const file = readFileSync(sandbox.credentialsPath, 'utf8')
      const expired = file.replace(/(\[admin-sts\][^[]*?expiration = )\S+/, '$12020-01-01T00:00:00Z')
      const mfa = /\[default-sts\]\naws_access_key_id = (\S+)\naws_secret_access_key = (\S+)\naws_session_token = (\S+)/.exec(file)!
      const roleFloorEnv = { ...env, FLOOR_KEY_ID: mfa[1], FLOOR_SECRET: mfa[2], FLOOR_TOKEN: mfa[3], FLOOR_ROLE_ARN: roleArn }
      const renew = compareSideBySide(
        {
          'iamkit credential-process admin (renewing the role session)': () => {
            writeFileSync(sandbox.credentialsPath, expired)
            return timeRun(node, [IAMKIT_BIN, 'credential-process', 'admin'], env)
          },
          'floor: AssumeRole (bench/floor/sts-call.mjs)': () => timeRun(node, [FLOOR, 'assume-role'], roleFloorEnv),
          'floor, CommonJS: AssumeRole (bench/floor/sts-call.cjs)': () => timeRun(node, [COMMONJS_FLOOR, 'assume-role'], roleFloorEnv),
        },
        RUNS,
      )
      if (readFileSync(sandbox.credentialsPath, 'utf8') === expired) throw new Error('credential-process did not renew the role session')

      // Each figure is the median of the per-round ratios (a round runs both commands back to back),
      // which a machine whose speed drifts during the run moves less than a ratio of two medians.
      const ratio = (group: Record<string, { samples: number[] }>, a: string, b: string) =>
        median(group[a]!.samples.map((ms, round) => ms / group[b]!.samples[round]!))
      const figures: [string, number, number][] = [
        ['`credential-process` (stored session) / `node -e 0`', ratio(startup, 'iamkit credential-process admin (stored session)', 'node -e 0'), 1.5],
        ['`login --force` / floor GetSessionToken (CommonJS)', ratio(login, 'iamkit login default --token-code 123456 --force', 'floor, CommonJS: GetSessionToken (bench/floor/sts-call.cjs)'), 1.3],
        ['`iamkit --help` / `node -e 0`', ratio(startup, 'iamkit --help', 'node -e 0'), 2.0],
        ['`policy mfa-required` / `node -e 0`', ratio(startup, 'iamkit policy mfa-required', 'node -e 0'), 2.0],
        // The floor is the fastest minimal script making the call: the CommonJS one (see the note below).
        ['`credential-process` renewing a role session / floor AssumeRole (CommonJS)', ratio(renew, 'iamkit credential-process admin (renewing the role session)', 'floor, CommonJS: AssumeRole (bench/floor/sts-call.cjs)'), 1.3],
      ]
      const rows = [...Object.entries(startup), ...Object.entries(login), ...Object.entries(renew)].map(
        ([name, r]) => `| \`${name}\` | ${fmt(r.median)} | ${r.samples.map((s) => s.toFixed(0)).join(', ')} |`,
      )
      return [
        `Medians of ${RUNS} runs each; each table group alternates its commands after one warm-up, and each ratio is the median of the ${RUNS} per-round ratios. Command: \`npx tsx bench/run.ts credentials\` (after \`npm run build\`), moto on loopback; load average when it started: ${load}.`,
        '',
        '| command | median | samples (ms) |',
        '|---|---|---|',
        ...rows,
        '',
        '| ratio | measured | target |',
        '|---|---|---|',
        ...figures.map(([name, value, target]) => `| ${name} | **${value.toFixed(2)}×** | ≤ ${target.toFixed(1)}× ${value <= target ? 'met' : 'NOT met'} |`),
        `| for comparison: \`login --force\` / the ES module floor (bench/floor/sts-call.mjs) | ${ratio(login, 'iamkit login default --token-code 123456 --force', 'floor: GetSessionToken (bench/floor/sts-call.mjs)').toFixed(2)}× | (not the floor) |`,
        `| for comparison: \`credential-process\` renewing a role session / the ES module floor (bench/floor/sts-call.mjs) | ${ratio(renew, 'iamkit credential-process admin (renewing the role session)', 'floor: AssumeRole (bench/floor/sts-call.mjs)').toFixed(2)}× | (not the floor) |`,
        '',
        '- The CLI runs from an esbuild bundle (`dist/bundle/`, scripts/bundle-cli.mjs). credential-process and --version are answered by CommonJS files without oclif and without Node\'s ES module loader: a stored session by `main.cjs` alone (the two profile files read, one write); a renewal by `credential-process-run.cjs`, which requires the SDK\'s CommonJS build (docs/sessions.md, "Start-up: where the time goes").',
        '- `bench/floor/sts-call.cjs` is the floor script as CommonJS: an ES module importing the SDK (whose build is CommonJS) pays Node\'s export lexing of each of its files, so the CommonJS floor is the lower one and the login and renewal target rows divide by it; the ES module floor is shown for comparison.',
        '- Every other command starts oclif\'s side of the bundle: one CommonJS file (`oclif.cjs`) compiled from the V8 code cache the build wrote, then oclif\'s `Config.load` with the manifest and, for `--help`, its help rendering; a command adds its room (`policy.cjs` for the policy writers, `iamkit.cjs` for the rest, each from its own code cache). Standard output and error that are not terminals (the pipes here) are written with write(2), without Node\'s stream, net and tty modules (src/cli/direct-stdio.ts). That is what `--help` and `policy mfa-required` (which also reads AWS\'s IAM data to check the policy) show; `login --force` adds that start to the floor\'s work (docs/sessions.md, "Start-up: where the time goes").',
      ].join('\n')
    } finally {
      await sandbox.dispose()
      await moto.stop()
    }
  },
}

export default suite
