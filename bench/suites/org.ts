/**
 * `iamkit audit --org` over an organization of 100 accounts × 200 entities in moto: wall time,
 * requests per account and peak RSS at --account-concurrency 1, 4 and 16, at 10 accounts and at
 * 100 (memory must not grow with the accounts: their findings wait on disk), the live heap after
 * a run at 10 and at 100 (bench/live-heap.cjs), and `--shard` 4 ways + `audit merge` against one
 * unsharded run (whose report the merge must equal).
 *
 *   npx tsx bench/run.ts org        (after npm run build; BENCH_ORG_ACCOUNTS=20 for a quick look)
 */
import { readFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'

import type { BenchSuite } from '../run.js'
import { accountCalls, seedOrganization, seedOverHttp } from '../seed-organization.js'
import { AccessAnalyzerFake } from '../../test/support/access-analyzer-fake.js'
import { FaultProxy, type ProxiedCall } from '../../test/support/fault-proxy.js'
import { ADMIN_KEYS } from '../../test/support/moto-account.js'
import { motoUnavailableReason, startMoto } from '../../test/support/moto.js'
import { IAMKIT_BIN, run, Sandbox } from '../../test/support/sandbox.js'

const ACCOUNTS = Number(process.env.BENCH_ORG_ACCOUNTS ?? 100)
const ENTITIES = 200
const SMALL = Math.max(2, Math.round(ACCOUNTS / 10))
const CONCURRENCY = [1, 4, 16]
const SHARDS = 4
/** The concurrency of the unsharded run that the merged shards are compared with. */
const MERGE_CONCURRENCY = 4
const RSS_TARGET = 1.5
const LAUNCHER = fileURLToPath(new URL('../moto_seeding_launcher.py', import.meta.url))
const LIVE_HEAP = fileURLToPath(new URL('../live-heap.cjs', import.meta.url))
const AUDIT_ARGS = ['audit', '--no-service-usage', '--benchmark', 'cis-4.0', '--fail-on', 'none', '--format', 'json']

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const load = () => loadavg().map((l) => l.toFixed(1)).join(', ')
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

interface Report {
  generatedAt: string
  findings: { id: string; type: string; severity: string; lastUsed: string | null; resource: { type: string; name: string; arn: string }; account: { id: string }; detail: string }[]
  scanned: { users: number; groups: number; roles: number; policies: number } | null
  summary: { total: number; byAccount: { id: string; total: number }[] }
  skippedAccounts: unknown[]
  organization: Record<string, unknown>
  [field: string]: unknown
}

interface Measured {
  accounts: number
  concurrency: number
  ms: number
  peakMb: number
  /** Load average (1 min) when the run ended. */
  load: string
  report: Report
  calls: ProxiedCall[]
}

const suite: BenchSuite = {
  title: `iamkit audit --org on ${ACCOUNTS} accounts`,
  async run() {
    const unavailable = motoUnavailableReason()
    if (unavailable) return `Not measured: ${unavailable}.\n`
    const loadBefore = load()
    const moto = await startMoto({ launcher: LAUNCHER })
    const analyzer = await AccessAnalyzerFake.start()
    analyzer.analyzers.set('us-east-1', [{ name: 'organization', type: 'ORGANIZATION', status: 'ACTIVE' }])
    const proxy = await FaultProxy.start(moto.endpoint)
    const sandbox = await Sandbox.create(proxy.endpoint)
    const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey, AWS_ENDPOINT_URL_ACCESSANALYZER: analyzer.endpoint }
    try {
      const org = await seedOrganization(moto.endpoint, ACCOUNTS, ENTITIES)
      const ids = org.accounts.map((a) => a.id)
      const small = [...ids].sort().slice(0, SMALL)
      process.stderr.write(`bench: org seeded (${ACCOUNTS} × ${ENTITIES}) in ${org.seconds.toFixed(1)} s\n`)

      /** One audit in a fresh process under /usr/bin/time, through the counting proxy. */
      const audit = async (accounts: 'org' | string[], concurrency: number, extra: string[] = [], name = `c${concurrency}-${accounts === 'org' ? 'org' : accounts.length}`): Promise<Measured> => {
        const path = join(sandbox.home, `${name}.json`)
        const scope = accounts === 'org' ? ['--org'] : ['--accounts', accounts.join(',')]
        proxy.calls.splice(0)
        const started = performance.now()
        const result = await run('/usr/bin/time', ['-f', '%M', process.execPath, IAMKIT_BIN, ...AUDIT_ARGS, ...scope, '--account-concurrency', String(concurrency), '--output', path, ...extra], env)
        const ms = performance.now() - started
        if (result.code !== 0) throw new Error(`audit ${name} exited ${result.code}: ${result.stderr.slice(-800)}`)
        const report = JSON.parse(await readFile(path, 'utf8')) as Report
        const audited = report.summary.byAccount.length
        const expected = extra.includes('--shard') ? audited : accounts === 'org' ? ACCOUNTS : accounts.length
        if (report.skippedAccounts.length || audited === 0 || audited !== expected) throw new Error(`audit ${name} audited ${audited} accounts, skipped ${JSON.stringify(report.skippedAccounts)}`)
        const peakMb = Number(result.stderr.trim().split('\n').pop()) / 1024
        process.stderr.write(`bench: ${name}: ${seconds(ms)}, ${peakMb.toFixed(0)} MB, load ${load()}\n`)
        return { accounts: audited, concurrency, ms, peakMb, load: loadavg()[0]!.toFixed(1), report, calls: [...proxy.calls] }
      }

      // Seeding in moto's process must leave what the same calls over HTTP leave: one extra
      // account, outside the organization, seeded over HTTP, audited beside a seeded member.
      const reference = '210987654321'
      const httpSeconds = await seedOverHttp(moto.endpoint, reference, accountCalls(reference, ENTITIES))
      const seedCheck = await audit([ids[1]!, reference], 2, [], 'seed-check')
      const sameSeeding = sameAccount(seedCheck.report, ids[1]!, reference)
      if (!sameSeeding.same) throw new Error(`in-process seeding differs from seeding over HTTP: ${sameSeeding.difference}`)

      // Warm-up: moto, like IAM, generates each account's credential report on the first request
      // (IAM then keeps it for four hours); without this the first run of the grid would pay for it.
      await audit('org', 16, [], 'warm-up')

      // The grid, small and full organization interleaved at each concurrency.
      const grid: Measured[] = []
      for (const concurrency of CONCURRENCY) {
        grid.push(await audit(small, concurrency))
        grid.push(await audit('org', concurrency))
      }

      // What stays on the heap, small and full organization: the findings wait on disk, so it must not grow.
      const liveHeap = async (accounts: 'org' | string[]) => {
        const scope = accounts === 'org' ? ['--org'] : ['--accounts', accounts.join(',')]
        const result = await run(process.execPath, ['--expose-gc', '--require', LIVE_HEAP, IAMKIT_BIN, ...AUDIT_ARGS, ...scope, '--account-concurrency', String(MERGE_CONCURRENCY), '--output', join(sandbox.home, 'live-heap.json')], env)
        const mb = /live heap after the run: ([\d.]+) MB/.exec(result.stderr)?.[1]
        if (result.code !== 0 || !mb) throw new Error(`live-heap run exited ${result.code}: ${result.stderr.slice(-800)}`)
        return Number(mb)
      }
      const live = { small: await liveHeap(small), all: await liveHeap('org') }

      // Four shards one after another (a CI matrix would run them on four machines), then merge.
      const shardRuns: Measured[] = []
      for (let k = 1; k <= SHARDS; k++) shardRuns.push(await audit('org', MERGE_CONCURRENCY, ['--shard', `${k}/${SHARDS}`], `shard-${k}`))
      const inShards = shardRuns.reduce((n, m) => n + m.accounts, 0)
      if (inShards !== ACCOUNTS) throw new Error(`the ${SHARDS} shards audited ${inShards} accounts, not ${ACCOUNTS}`)
      const shardPaths = shardRuns.map((_, i) => join(sandbox.home, `shard-${i + 1}.json`))
      const mergedPath = join(sandbox.home, 'merged.json')
      const mergeStart = performance.now()
      const merge = await run('/usr/bin/time', ['-f', '%M', process.execPath, IAMKIT_BIN, 'audit', 'merge', ...shardPaths, '--format', 'json', '--fail-on', 'none', '--output', mergedPath], env)
      const mergeMs = performance.now() - mergeStart
      if (merge.code !== 0) throw new Error(`audit merge exited ${merge.code}: ${merge.stderr.slice(-800)}`)
      const mergeMb = Number(merge.stderr.trim().split('\n').pop()) / 1024
      const merged = JSON.parse(await readFile(mergedPath, 'utf8')) as Report
      const unsharded = grid.find((m) => m.accounts === ACCOUNTS && m.concurrency === MERGE_CONCURRENCY)!
      const mergeDifferences = reportDifferences(merged, unsharded.report)

      return publish({ accounts: ACCOUNTS, ids, grid, live, shardRuns, mergeMs, mergeMb, mergeDifferences, unsharded, seedSeconds: org.seconds, httpSeconds, loadBefore, loadAfter: load() })
    } finally {
      await sandbox.dispose()
      await proxy.stop()
      await analyzer.stop()
      await moto.stop()
    }
  },
}

/**
 * Whether two accounts seeded alike got the same findings, their account ids swapped. The member's
 * OrganizationAccountAccessRole is not seeded (organizations:CreateAccount made it) and is left out.
 */
function sameAccount(report: Report, a: string, b: string): { same: boolean; difference?: string } {
  const of = (id: string) =>
    report.findings
      .filter((f) => f.account.id === id && f.resource.name !== 'OrganizationAccountAccessRole')
      .map((f) => JSON.stringify([f.type, f.severity, f.resource.type, f.resource.name, f.resource.arn, f.detail, f.lastUsed === null]).replaceAll(id, 'ACCOUNT'))
      .sort()
  const [left, right] = [of(a), of(b)]
  if (left.length === 0) return { same: false, difference: `no findings for ${a}` }
  if (isDeepStrictEqual(left, right)) return { same: true }
  const onlyLeft = left.filter((x) => !right.includes(x))
  const onlyRight = right.filter((x) => !left.includes(x))
  return { same: false, difference: `${left.length} vs ${right.length} findings; only in-process: ${onlyLeft.slice(0, 3).join(' ')}; only HTTP: ${onlyRight.slice(0, 3).join(' ')}` }
}

/**
 * The fields in which the merged report differs from the unsharded run's. The time of the run
 * and the shard differ by design; the audit role's last use moves with every run that assumes it.
 */
function reportDifferences(merged: Report, unsharded: Report): string[] {
  const settle = (report: Report): Record<string, unknown> => ({
    ...report,
    generatedAt: 'run time',
    organization: { ...report.organization, shard: null },
    findings: report.findings.map((f) => (f.resource.name === 'OrganizationAccountAccessRole' ? { ...f, lastUsed: 'moves' } : f)),
  })
  const [a, b] = [settle(merged), settle(unsharded)]
  const fields = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...fields].filter((field) => !isDeepStrictEqual(a[field], b[field]))
}

/** Requests per access key: each member account's audit signs with the session assumed for it. */
function requestsPerAccount(calls: ProxiedCall[]): { members: number[]; management: Record<string, number>; example: Record<string, number> } {
  const byKey = new Map<string, ProxiedCall[]>()
  for (const call of calls) {
    const key = /Credential=([^/]+)\//.exec(String(call.headers.authorization ?? ''))?.[1] ?? 'unsigned'
    byKey.set(key, [...(byKey.get(key) ?? []), call])
  }
  const count = (list: ProxiedCall[]) => list.reduce<Record<string, number>>((acc, c) => ((acc[c.action] = (acc[c.action] ?? 0) + 1), acc), {})
  const members = [...byKey].filter(([key]) => key !== ADMIN_KEYS.accessKeyId).map(([, list]) => list)
  return { members: members.map((l) => l.length), management: count(byKey.get(ADMIN_KEYS.accessKeyId) ?? []), example: count(members[0] ?? []) }
}

interface Results {
  accounts: number
  ids: string[]
  grid: Measured[]
  /** MB on the heap after the run and full collections, at the small and the full organization. */
  live: { small: number; all: number }
  shardRuns: Measured[]
  mergeMs: number
  mergeMb: number
  mergeDifferences: string[]
  unsharded: Measured
  seedSeconds: number
  httpSeconds: number
  loadBefore: string
  loadAfter: string
}

function publish(r: Results): string {
  const perAccount = (m: Measured) => m.ms / m.accounts
  const base = r.grid.find((m) => m.accounts === r.accounts && m.concurrency === 1)!
  const rows = r.grid.map((m) => {
    const requests = requestsPerAccount(m.calls).members
    const findings = m.report.summary.total
    const speedup = m.accounts === r.accounts ? `${(base.ms / m.ms).toFixed(2)}×` : ''
    return `| ${m.accounts} | ${m.concurrency} | ${seconds(m.ms)} | ${(perAccount(m) / 1000).toFixed(2)} s | ${speedup} | ${median(requests)} (${Math.min(...requests)}–${Math.max(...requests)}) | ${findings.toLocaleString('en')} | ${m.peakMb.toFixed(0)} MB | ${m.load} |`
  })
  const rss = CONCURRENCY.map((c) => {
    const [few, all] = [r.grid.find((m) => m.concurrency === c && m.accounts !== r.accounts)!, r.grid.find((m) => m.concurrency === c && m.accounts === r.accounts)!]
    const ratio = all.peakMb / few.peakMb
    return { c, few, all, ratio }
  })
  const rssMet = rss.every((x) => x.ratio < RSS_TARGET)
  const { management, example } = requestsPerAccount(r.unsharded.calls)
  const list = (counts: Record<string, number>) => Object.entries(counts).map(([a, n]) => `${a} ×${n}`).join(', ')
  const shardWall = r.shardRuns.reduce((n, m) => n + m.ms, 0)
  const slowest = Math.max(...r.shardRuns.map((m) => m.ms))
  const scanned = r.unsharded.report.scanned
  return `An organization in moto: the management account and ${r.accounts - 1} member accounts made with \`organizations:CreateAccount\`
(each with its \`OrganizationAccountAccessRole\`), every account holding ${ENTITIES} principals "200 days old" (¾ roles,
a third with an inline policy, half with one of ten customer-managed policies; ¼ users with an access key each, in ten
groups with a managed and an inline policy); ${scanned ? `${scanned.users.toLocaleString('en')} users, ${scanned.roles.toLocaleString('en')} roles, ${scanned.groups.toLocaleString('en')} groups and ${scanned.policies.toLocaleString('en')} policies in all` : ''}.
Command: \`node bin/run.js ${AUDIT_ARGS.join(' ')} --org --account-concurrency N --output FILE\`
(\`--accounts\` with the ${r.grid[0]!.accounts} lowest account ids for the small runs), a fresh process under \`/usr/bin/time -f %M\`,
through a forwarding proxy that counts requests; IAM Access Analyzer is a loopback fake (moto has none). One run each.

| accounts | --account-concurrency | wall time | per account | speed-up over 1 | requests per account: median (min–max) | findings | peak RSS | load (1 min) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- **Peak RSS at ${r.accounts} accounts / at ${r.grid[0]!.accounts}** (target < ${RSS_TARGET}×): ${rss.map((x) => `${x.ratio.toFixed(2)}× at concurrency ${x.c} (${x.all.peakMb.toFixed(0)} / ${x.few.peakMb.toFixed(0)} MB)`).join(', ')} ${rssMet ? '✅' : '❌'}.
- Live heap after the run (\`node --expose-gc --require bench/live-heap.cjs\`: full collections at exit, concurrency ${MERGE_CONCURRENCY}):
  ${r.live.small.toFixed(1)} MB at ${r.grid[0]!.accounts} accounts, ${r.live.all.toFixed(1)} MB at ${r.accounts}: the findings wait on disk until the report is written.
- Requests of one member account (signed with its assumed-role session): ${list(example)}; plus one
  ListAnalyzers per region at the Access Analyzer fake. The management account's own key made ${list(management)}
  (its own audit, the account list and one AssumeRole per member).
- Shards: \`--shard K/${SHARDS}\` (concurrency ${MERGE_CONCURRENCY}) took ${r.shardRuns.map((m) => `${seconds(m.ms)} (${m.accounts} accounts)`).join(', ')}:
  ${seconds(shardWall)} one after another, ${seconds(slowest)} for the slowest (the wall time of a matrix of ${SHARDS} machines),
  against ${seconds(r.unsharded.ms)} unsharded; \`audit merge\` of the ${SHARDS} reports: ${seconds(r.mergeMs)}, peak RSS ${r.mergeMb.toFixed(0)} MB.
  **Merged report equals the unsharded one**: ${r.mergeDifferences.length === 0 ? 'yes ✅ (every field but the run time and the shard; the audit role\'s last use, which each run moves, set aside)' : `NO ❌, differing in ${r.mergeDifferences.join(', ')}`}.
- Seeding (${(r.accounts * accountCalls('000000000000', ENTITIES).length).toLocaleString('en')} IAM calls): ${r.seedSeconds.toFixed(1)} s in moto's own process
  (\`bench/moto_seeding_launcher.py\`, one request per account). The same calls for one account over HTTP took ${r.httpSeconds.toFixed(1)} s; that account,
  audited beside a member seeded in-process, has the same findings (checked on every run of the suite).
- Load average (1, 5, 15 min) before the suite: ${r.loadBefore}; after: ${r.loadAfter}. The machine has 2 cores; moto is one
  Python process serving every account, so wall times above concurrency 2 measure moto more than iamkit.
`
}

export default suite
