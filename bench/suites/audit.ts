/**
 * `iamkit audit` over a large moto account: HTTP requests, wall time against one full paginated
 * `aws iam get-account-authorization-details`, peak memory; then service last-accessed
 * collection over 3,000 roles at --concurrency 1, 4 and 16 against a stand-in with IAM-like latency.
 */
import type { BenchSuite } from '../run.js'
import { AccessAnalyzerFake } from '../../test/support/access-analyzer-fake.js'
import { FaultProxy } from '../../test/support/fault-proxy.js'
import { ADMIN_KEYS } from '../../test/support/moto-account.js'
import { motoUnavailableReason, startMoto } from '../../test/support/moto.js'
import { IAMKIT_BIN, run, Sandbox } from '../../test/support/sandbox.js'
import { BENCH_ACCOUNT, seedAuditAccount } from '../seed-audit-account.js'
import { ServiceUsageServer } from '../service-usage-server.js'

const RUNS = 3
const LATENCY_MS = Number(process.env.BENCH_AUDIT_LATENCY_MS ?? 40)
const JOB_MS = { min: 2_000, max: 8_000 }
const AUDIT_ARGS = ['audit', '--json', '--no-service-usage', '--fail-on', 'none']

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

function mustSucceed(what: string, result: { code: number; stderr: string }): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr.slice(-500)}`)
}

const suite: BenchSuite = {
  title: 'iamkit audit on a large account',
  async run() {
    const unavailable = motoUnavailableReason()
    if (unavailable) return `Not measured: ${unavailable}.\n`
    const moto = await startMoto()
    const sandbox = await Sandbox.create(moto.endpoint)
    // moto has no Access Analyzer: a loopback fake answers ListAnalyzers, and the other services'
    // endpoint is moved with AWS_ENDPOINT_URL (not --endpoint-url, which would move that one too).
    const analyzer = await AccessAnalyzerFake.start()
    const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey, AWS_ENDPOINT_URL_ACCESSANALYZER: analyzer.endpoint }
    const iamkit = (args: string[], endpoint?: string) => run(process.execPath, [IAMKIT_BIN, ...args], endpoint ? { ...env, AWS_ENDPOINT_URL: endpoint } : env)
    try {
      const seedSeconds = await seedAuditAccount(moto.endpoint)
      // Warm-up: moto generates its credential report on the first request, as IAM does once per four hours.
      const warm = await iamkit(AUDIT_ARGS)
      mustSucceed('audit (warm-up)', warm)
      const findings = (JSON.parse(warm.stdout) as { summary: { total: number } }).summary.total

      // 1. HTTP requests the audit makes, counted by a forwarding proxy.
      const counter = await FaultProxy.start(moto.endpoint)
      mustSucceed('audit via proxy', await iamkit(AUDIT_ARGS, counter.endpoint))
      const actions = counter.actions()
      await counter.stop()
      const byAction = Object.entries(actions.reduce<Record<string, number>>((acc, a) => ((acc[a] = (acc[a] ?? 0) + 1), acc), {}))
        .map(([a, n]) => `${a} ×${n}`)
        .join(', ')

      // 2. Wall time against the AWS CLI reading the same data, interleaved.
      const auditMs: number[] = []
      const cliMs: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const audit = await timed(() => iamkit(AUDIT_ARGS))
        mustSucceed('audit', audit.value)
        auditMs.push(audit.ms)
        const cli = await timed(() => run('aws', ['iam', 'get-account-authorization-details', '--output', 'json'], env))
        mustSucceed('aws iam get-account-authorization-details', cli.value)
        cliMs.push(cli.ms)
      }
      const ratio = median(auditMs) / median(cliMs)

      // 3. Peak resident memory.
      const timedRun = await run('/usr/bin/time', ['-f', '%M', process.execPath, IAMKIT_BIN, ...AUDIT_ARGS], env)
      mustSucceed('audit under /usr/bin/time', timedRun)
      const peakMb = Number(timedRun.stderr.trim().split('\n').pop()) / 1024

      // 4. Service last-accessed data for 3,000 roles.
      const sla = await ServiceUsageServer.start({ upstream: moto.endpoint, latencyMs: LATENCY_MS, jobMs: JOB_MS })
      const rows: string[] = []
      for (const concurrency of [1, 4, 16]) {
        sla.resetCounts()
        const result = await timed(() => iamkit(['audit', '--json', '--fail-on', 'none', '--concurrency', String(concurrency)], sla.endpoint))
        mustSucceed(`audit --concurrency ${concurrency}`, result.value)
        const report = JSON.parse(result.value.stdout) as { warnings: string[]; summary: { byType: Record<string, number> } }
        const roles = sla.generateCalls
        rows.push(
          `| ${concurrency} | ${seconds(result.ms)} | ${roles} | ${((sla.generateCalls + sla.getCalls) / roles).toFixed(2)} | ${sla.inProgressAnswers} | ${report.summary.byType.UNUSED_SERVICE_PERMISSIONS ?? 0} | ${report.warnings.length} |`,
        )
      }
      await sla.stop()

      const requestTarget = actions.length <= 12
      return `Account: ${BENCH_ACCOUNT.roles} roles (a third with an inline policy) and ${BENCH_ACCOUNT.users} users with an access key each, created 200 days ago in moto
(seeded in ${seedSeconds.toFixed(1)} s by \`bench/seed-audit-account.ts\`, 16 requests in flight). The audit reports ${findings} findings.

### Without service usage: \`node bin/run.js ${AUDIT_ARGS.join(' ')}\`

| measure | result | target |
| --- | --- | --- |
| HTTP requests (counted by a forwarding proxy) | ${actions.length}: ${byAction} | ≤ 12 ${requestTarget ? '✅' : '❌'} |
| wall time, median of ${RUNS} | ${seconds(median(auditMs))} (runs: ${auditMs.map(seconds).join(', ')}) | |
| \`aws iam get-account-authorization-details --output json\` (all pages), median of ${RUNS} | ${seconds(median(cliMs))} (runs: ${cliMs.map(seconds).join(', ')}) | |
| ratio audit / AWS CLI | ${ratio.toFixed(2)}× | ≤ 1.5× ${ratio <= 1.5 ? '✅' : '❌'} |
| peak resident memory (\`/usr/bin/time -f %M\`) | ${peakMb.toFixed(0)} MB | < 300 MB ${peakMb < 300 ? '✅' : '❌'} |

moto answers GetAccountAuthorizationDetails in one page whatever MaxItems says; real IAM pages at
1,000 items, so the same account costs about ${Math.ceil((BENCH_ACCOUNT.roles + BENCH_ACCOUNT.users) / 1000)} pages there, i.e. ${actions.length - actions.filter((a) => a === 'GetAccountAuthorizationDetails').length + Math.ceil((BENCH_ACCOUNT.roles + BENCH_ACCOUNT.users) / 1000)} requests in all (plus one page per further 1,000 groups and policies).
A first run also waits about a second while IAM generates the credential report (the warm-up run here);
IAM then reuses the report for four hours.

### With service usage: \`node bin/run.js audit --json --fail-on none --concurrency N\`

moto has no service last-accessed API, so \`bench/service-usage-server.ts\` answers
GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails for the same ${BENCH_ACCOUNT.roles} roles with ${LATENCY_MS} ms
per call, jobs finishing ${JOB_MS.min / 1000}–${JOB_MS.max / 1000} s after they start, and forwards every other call to moto.

| --concurrency | wall time | roles | calls per role | IN_PROGRESS answers | UNUSED_SERVICE_PERMISSIONS findings | warnings |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Every job is started before any is polled, and polling goes round-robin in the order the jobs
were started, so each job gets as long to finish as starting all of them took: one Generate and one
Get per role is the floor, and extra Gets (IN_PROGRESS answers) appear only when starting the jobs
takes less time than the jobs themselves.
`
    } finally {
      await analyzer.stop()
      await sandbox.dispose()
      await moto.stop()
    }
  },
}

export default suite
