import { spawnSync } from 'node:child_process'

import { motoUnavailableReason } from './moto.js'

/** One AWS-managed policy as moto ships it (a snapshot of AWS's own documents). */
export interface ManagedPolicyRecord {
  name: string
  document: unknown
}

/**
 * The AWS-managed policies moto ships (`moto.iam.aws_managed_policies`, about 1,500 of AWS's
 * own documents), read from the installed moto at test time. Undefined, with why, where moto
 * is missing (a failure under CI=true, as for every moto suite).
 */
export function awsManagedPolicies(): ManagedPolicyRecord[] | string {
  const unavailable = motoUnavailableReason()
  if (unavailable) return unavailable
  const python = process.env.MOTO_PYTHON ?? 'python3'
  const script = 'import json,sys\nfrom moto.iam.aws_managed_policies import aws_managed_policies_data as d\nsys.stdout.write(json.dumps({k: v["Document"] for k, v in json.loads(d).items()}))'
  const out = spawnSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (out.status !== 0) throw new Error(`reading moto's managed policies failed: ${out.stderr}`)
  return Object.entries(JSON.parse(out.stdout) as Record<string, unknown>).map(([name, document]) => ({ name, document }))
}
