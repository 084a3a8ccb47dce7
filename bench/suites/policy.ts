import { IAMKIT_BIN, Sandbox } from '../../test/support/sandbox.js'
import { compareSideBySide, fmt, timeRun } from '../measure.js'
import type { BenchSuite } from '../run.js'

const RUNS = 9

/**
 * The offline `policy` commands load oclif and the policy model but never the AWS SDK, so they
 * should cost about what another iamkit command that calls no AWS API costs: `iamkit status`
 * with no profiles (oclif, iamkit's main room, one command run, no SDK). Until 2026-12-01 the
 * baseline was `iamkit credential-process --help`; since iamkit's commands are in bundle files of
 * their own (dist/bundle/iamkit.cjs, policy.cjs), a command's help is answered by oclif alone and loads none of
 * iamkit's code, so it stays as a row for comparison only. (`--version` answers without oclif at
 * all. `from-usage` is paced by CloudTrail's 2 requests per second, 50 events a page: about 90
 * events per second at best, by design.)
 */
const suite: BenchSuite = {
  title: 'Policy generators start-up (issue 5)',
  async run() {
    const sandbox = await Sandbox.create()
    try {
      const env = sandbox.env
      const node = process.execPath
      const iamkit = (args: string[]) => () => timeRun(node, [IAMKIT_BIN, ...args], env)
      const results = compareSideBySide(
        {
          'node -e 0': () => timeRun(node, ['-e', '0'], env),
          'iamkit --version': iamkit(['--version']),
          'iamkit credential-process --help': iamkit(['credential-process', '--help']),
          'iamkit status (no profiles)': iamkit(['status']),
          'iamkit policy user --role-arn arn:aws:iam::123456789012:role/Dev --self-service': iamkit(['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/Dev', '--self-service']),
          'iamkit policy trust --principal 123456789012 --mfa --mfa-max-age 3600': iamkit(['policy', 'trust', '--principal', '123456789012', '--mfa', '--mfa-max-age', '3600']),
          'iamkit policy mfa-required': iamkit(['policy', 'mfa-required']),
        },
        RUNS,
      )
      const baseline = results['iamkit status (no profiles)']!.median
      const helpBaseline = results['iamkit credential-process --help']!.median
      const slowest = Math.max(...Object.entries(results).filter(([name]) => name.includes(' policy ')).map(([, r]) => r.median))
      const ratio = slowest / baseline
      const rows = Object.entries(results).map(([name, r]) => `| \`${name}\` | ${fmt(r.median)} | ${r.samples.map((s) => s.toFixed(0)).join(', ')} |`)
      return [
        `Medians of ${RUNS} runs each, interleaved after one warm-up, measured by \`npx tsx bench/run.ts policy\` (suite \`bench/suites/policy.ts\`); no AWS endpoint.`,
        '',
        '| command | median | samples (ms) |',
        '|---|---|---|',
        ...rows,
        '',
        `- slowest policy command / \`iamkit status\` (no profiles): **${ratio.toFixed(2)}×** (target ≤ 1.25×, i.e. no AWS SDK on the path: ${ratio <= 1.25 ? 'met' : 'NOT met'})`,
        `- for comparison, slowest policy command / \`iamkit credential-process --help\` (oclif alone, no iamkit code): ${(slowest / helpBaseline).toFixed(2)}×`,
        '- That no AWS SDK module is loaded at all is checked by `test/integration/policy-cli.test.ts`.',
      ].join('\n')
    } finally {
      await sandbox.dispose()
    }
  },
}

export default suite
