import { IAMKIT_BIN, Sandbox } from '../../test/support/sandbox.js'
import { compareSideBySide, fmt, timeRun } from '../measure.js'
import type { BenchSuite } from '../run.js'

const RUNS = 9

/**
 * The offline `policy` commands load oclif and the policy model but never the AWS SDK, so they
 * should cost about what `iamkit credential-process --help` costs (oclif and one command, no SDK;
 * `--version` answers without oclif at all). (`from-usage` is paced by CloudTrail's
 * 2 requests per second, 50 events a page: about 90 events per second at best, by design.)
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
          'iamkit policy user --role-arn arn:aws:iam::123456789012:role/Dev --self-service': iamkit(['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/Dev', '--self-service']),
          'iamkit policy trust --principal 123456789012 --mfa --mfa-max-age 3600': iamkit(['policy', 'trust', '--principal', '123456789012', '--mfa', '--mfa-max-age', '3600']),
          'iamkit policy mfa-required': iamkit(['policy', 'mfa-required']),
        },
        RUNS,
      )
      const baseline = results['iamkit credential-process --help']!.median
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
        `- slowest policy command / \`iamkit credential-process --help\`: **${ratio.toFixed(2)}×** (target ≤ 1.25×, i.e. no AWS SDK on the path: ${ratio <= 1.25 ? 'met' : 'NOT met'})`,
        '- That no AWS SDK module is loaded at all is checked by `test/integration/policy-cli.test.ts`.',
      ].join('\n')
    } finally {
      await sandbox.dispose()
    }
  },
}

export default suite
