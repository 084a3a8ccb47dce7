/**
 * Seeds an account the size of a large organisation's for the audit benchmark: 3,000 roles
 * (a third with an inline policy) and 1,000 users with an access key each, created "200 days
 * ago" on moto's movable clock so that they are old enough to audit. Requests run concurrently.
 *
 *   npx tsx bench/seed-audit-account.ts http://127.0.0.1:PORT   (moto started by test/fixtures/moto_launcher.py)
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import pLimit from 'p-limit'

import { ADMIN_KEYS } from '../test/support/moto-account.js'

export interface SeedSize {
  roles: number
  users: number
}

export const BENCH_ACCOUNT: SeedSize = { roles: 3000, users: 1000 }

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] })
const INLINE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bench-bucket/*' },
    { Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
  ],
})

/** Creates the entities; returns the seconds it took. */
export async function seedAuditAccount(endpoint: string, size: SeedSize = BENCH_ACCOUNT, concurrency = 16): Promise<number> {
  const started = performance.now()
  await fetch(`${endpoint}/_iamkit/clock`, { method: 'POST', body: JSON.stringify({ offsetSeconds: -200 * 86_400 }) })
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: ADMIN_KEYS, maxAttempts: 5 })
  const limit = pLimit(concurrency)
  try {
    const roles = Array.from({ length: size.roles }, (_, i) =>
      limit(async () => {
        const name = `bench-role-${String(i).padStart(5, '0')}`
        await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }))
        if (i % 3 === 0) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'app', PolicyDocument: INLINE }))
      }),
    )
    const users = Array.from({ length: size.users }, (_, i) =>
      limit(async () => {
        const name = `bench-user-${String(i).padStart(5, '0')}`
        await iam.send(new CreateUserCommand({ UserName: name }))
        await iam.send(new CreateAccessKeyCommand({ UserName: name }))
      }),
    )
    await Promise.all([...roles, ...users])
  } finally {
    iam.destroy()
    await fetch(`${endpoint}/_iamkit/clock`, { method: 'POST', body: JSON.stringify({ offsetSeconds: 0 }) })
  }
  return (performance.now() - started) / 1000
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const endpoint = process.argv[2]
  if (!endpoint) throw new Error('usage: tsx bench/seed-audit-account.ts <moto endpoint>')
  const seconds = await seedAuditAccount(endpoint)
  process.stdout.write(`seeded ${BENCH_ACCOUNT.roles} roles and ${BENCH_ACCOUNT.users} users with keys in ${seconds.toFixed(1)} s\n`)
}
