/**
 * Grows a large account for the audit benchmark in a moto started with
 * bench/moto_audit_account.py: ¾ roles (a third with an inline policy, half with one of ten
 * customer-managed policies attached) and ¼ users (an access key each, every user in one of
 * twenty groups that hold a managed and an inline policy), created "200 days ago" so that they
 * are old enough to audit. Growing is incremental: seeding 4,000 and then 25,000 creates the
 * first 4,000 once.
 *
 * The entities are built inside moto's process from moto's own model classes (see the launcher
 * for why): 25,000 take seconds, where ~60,000 API calls took many minutes because moto's
 * CreateRole, PutRolePolicy and AttachRolePolicy each scan every role.
 *
 *   npx tsx bench/seed-audit-account.ts [entities]   starts such a moto, seeds it, prints its endpoint, and keeps it running
 */
import { fileURLToPath } from 'node:url'

import { startMoto, type MotoServer } from '../test/support/moto.js'

export const BENCH_SIZES = [4_000, 25_000] as const

/** The launcher: moto_launcher.py plus POST /_iamkit/seed-audit-account. */
export const AUDIT_ACCOUNT_LAUNCHER = fileURLToPath(new URL('./moto_audit_account.py', import.meta.url))

export interface SeededAccount {
  roles: number
  users: number
  groups: number
  policies: number
  /** How long moto took to build it. */
  seconds: number
}

export function startAuditAccountMoto(): Promise<MotoServer> {
  return startMoto({ launcher: AUDIT_ACCOUNT_LAUNCHER })
}

/** Grows the account to `entities` principals; returns what it then holds. */
export async function seedAuditAccount(endpoint: string, entities: number): Promise<SeededAccount> {
  const res = await fetch(`${endpoint}/_iamkit/seed-audit-account`, { method: 'POST', body: JSON.stringify({ entities }) })
  if (!res.ok) throw new Error(`seeding ${entities} entities: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`)
  const seeded = (await res.json()) as SeededAccount
  if (seeded.roles + seeded.users !== entities) throw new Error(`asked moto for ${entities} entities, it holds ${seeded.roles} roles and ${seeded.users} users`)
  return seeded
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const entities = Number(process.argv[2] ?? BENCH_SIZES[0])
  const moto = await startAuditAccountMoto()
  const seeded = await seedAuditAccount(moto.endpoint, entities)
  process.stdout.write(`${moto.endpoint}: ${seeded.roles} roles and ${seeded.users} users in ${seeded.seconds.toFixed(1)} s (Ctrl-C stops moto)\n`)
  process.on('SIGINT', () => void moto.stop().then(() => process.exit(0)))
}
