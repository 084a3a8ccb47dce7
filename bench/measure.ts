import { spawnSync } from 'node:child_process'

/** Wall-clock milliseconds of one run of a command; throws if it fails. */
export function timeRun(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, { env, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Runs each named command `runs` times, interleaved so that machine noise hits all of them
 * alike, after one warm-up round. Returns the median milliseconds per name.
 */
export function compareSideBySide(commands: Record<string, () => number>, runs: number): Record<string, { median: number; samples: number[] }> {
  for (const run of Object.values(commands)) run()
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]))
  for (let i = 0; i < runs; i++) for (const [name, run] of Object.entries(commands)) samples[name]!.push(run())
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { median: median(s), samples: s }]))
}

export const fmt = (ms: number) => `${ms.toFixed(0)} ms`
