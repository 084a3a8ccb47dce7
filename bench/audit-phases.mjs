// The audit's phases in one process, with memory after each: what docs/audit.md "Large accounts"
// quotes. Against a running account (e.g. `npx tsx bench/seed-audit-account.ts 25000`):
//
//   AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_ACCESS_KEY_ID=AKIAFAKE AWS_SECRET_ACCESS_KEY=fake \
//     node --expose-gc bench/audit-phases.mjs [--gc]
//
// Runs `iamkit audit --json --no-service-usage` as the command does (built dist/), printing per
// phase: seconds since start, rss, heapTotal, heapUsed, external, arrayBuffers and the peak RSS
// so far (MB); with --gc also the heap still live after a full collection (which changes when V8
// collects afterwards: use it for live sizes, not for the peak).
import { createWriteStream } from 'node:fs'

const dist = new URL('../dist/', import.meta.url)
const { AwsClients } = await import(new URL('aws/clients.js', dist))
const { runAudit } = await import(new URL('audit/run-audit.js', dist))
const { auditReportChunks } = await import(new URL('render/render-audit.js', dist))
const { writeChunks } = await import(new URL('render/write-chunks.js', dist))

const withGc = process.argv.includes('--gc') && typeof globalThis.gc === 'function'
const mb = (n) => (n / 2 ** 20).toFixed(0)
const started = performance.now()
const phase = (label) => {
  const m = process.memoryUsage()
  let line = `${label.padEnd(40)} ${((performance.now() - started) / 1000).toFixed(2)} s  rss ${mb(m.rss)}  heapTotal ${mb(m.heapTotal)}  heapUsed ${mb(m.heapUsed)}  external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}  peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`
  if (withGc) {
    globalThis.gc()
    line += `  | live heap ${mb(process.memoryUsage().heapUsed)}`
  }
  process.stderr.write(`${line}\n`)
}

phase('start')
const clients = new AwsClients({ region: process.env.AWS_REGION ?? 'us-east-1' })
const options = { unusedDays: 90, maxKeyAgeDays: 90, concurrency: 4, ignore: [], serviceUsage: false, includeServiceRoles: false }
let last = ''
const report = await runAudit(options, {
  clients,
  progress: (message) => {
    if (message !== last) phase(message.slice(0, 40))
    last = message
  },
})
phase(`rules done (${report.summary.total} findings)`)
await writeChunks(createWriteStream('/dev/null'), auditReportChunks(report, 'json', { color: false, width: 100, toolVersion: 'bench' }))
phase('JSON report written')
await clients.destroy()
