import { credentialsSection, MotoAccount } from '../../test/support/moto-account.js'
import { startMoto } from '../../test/support/moto.js'
import { IAMKIT_BIN, Sandbox } from '../../test/support/sandbox.js'
import type { BenchSuite } from '../run.js'
import { compareSideBySide, fmt, timeRun } from '../measure.js'

const RUNS = 9

const suite: BenchSuite = {
  title: 'Start-up and login (issue 2)',
  async run() {
    const moto = await startMoto()
    const sandbox = await Sandbox.create(moto.endpoint)
    try {
      const account = new MotoAccount(moto.endpoint)
      const alice = await account.createUser('alice', { mfaDevices: 1 })
      account.destroy()
      await sandbox.writeCredentials(credentialsSection('default', alice))
      if ((await sandbox.iamkit(['init', 'default'])).code !== 0) throw new Error('init failed')
      const env = sandbox.env
      const node = process.execPath
      const startup = compareSideBySide(
        {
          'node -e 0': () => timeRun(node, ['-e', '0'], env),
          'iamkit --version': () => timeRun(node, [IAMKIT_BIN, '--version'], env),
          'iamkit credential-process --help': () => timeRun(node, [IAMKIT_BIN, 'credential-process', '--help'], env),
        },
        RUNS,
      )
      const login = compareSideBySide(
        {
          'iamkit login default --token-code 123456 --force': () => timeRun(node, [IAMKIT_BIN, 'login', 'default', '--token-code', '123456', '--force'], env),
          'aws sts get-session-token (same moto)': () =>
            timeRun('aws', ['sts', 'get-session-token', '--profile', 'default', '--serial-number', alice.mfaSerial!, '--token-code', '123456'], env),
        },
        RUNS,
      )
      const versionRatio = startup['iamkit --version']!.median / startup['node -e 0']!.median
      const loginRatio = login['iamkit login default --token-code 123456 --force']!.median / login['aws sts get-session-token (same moto)']!.median
      const rows = [...Object.entries(startup), ...Object.entries(login)].map(([name, r]) => `| \`${name}\` | ${fmt(r.median)} | ${r.samples.map((s) => s.toFixed(0)).join(', ')} |`)
      return [
        `Medians of ${RUNS} runs each, interleaved after one warm-up, measured by \`npm run bench\` (suite \`bench/suites/credentials.ts\`), moto on loopback.`,
        '',
        '| command | median | samples (ms) |',
        '|---|---|---|',
        ...rows,
        '',
        `- \`iamkit --version\` / \`node -e 0\`: **${versionRatio.toFixed(2)}×** (target ≤ 2.0×: ${versionRatio <= 2 ? 'met' : 'NOT met'})`,
        `- \`iamkit login … --force\` / \`aws sts get-session-token\`: **${loginRatio.toFixed(2)}×** (target ≤ 0.5×: ${loginRatio <= 0.5 ? 'met' : 'NOT met'})`,
        '- `credential-process --help` shows the cost of loading oclif and a command without the AWS SDK.',
      ].join('\n')
    } finally {
      await sandbox.dispose()
      await moto.stop()
    }
  },
}

export default suite
