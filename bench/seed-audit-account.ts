/**
 * Seeds an account the size of a large organisation's for the audit benchmark, growing it to
 * `entities` principals: ¾ roles (a third with an inline policy, half with one of ten
 * customer-managed policies attached) and ¼ users (an access key each, every user in one of
 * twenty groups that hold a managed and an inline policy). Everything is created "200 days ago"
 * on moto's movable clock so that it is old enough to audit. Growing is incremental: seeding
 * 4,000 and then 25,000 creates the first 4,000 once. Requests run concurrently.
 *
 *   npx tsx bench/seed-audit-account.ts http://127.0.0.1:PORT [entities]   (moto started by test/fixtures/moto_launcher.py)
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import pLimit from 'p-limit'

import { ADMIN_KEYS } from '../test/support/moto-account.js'

export const BENCH_SIZES = [4_000, 25_000] as const
const MANAGED_POLICIES = 10
const GROUPS = 20

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] })
const INLINE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bench-bucket/*' },
    { Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
  ],
})
/** Ten application policies, each a little different (wildcards, NotResource, conditions), as real accounts hold. */
const managedDocument = (i: number) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: [`sqs:Get*`, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
      { Sid: 'Data', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:eu-west-1:123456789012:table/app-${i}` },
      { Sid: 'Keys', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } } },
      { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', NotResource: `arn:aws:iam::123456789012:role/app-${i}-*` },
    ],
  })
const GROUP_INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'], Resource: '*' }] })

export interface SeedShape {
  roles: number
  users: number
}

export function shapeOf(entities: number): SeedShape {
  return { roles: Math.round((entities * 3) / 4), users: entities - Math.round((entities * 3) / 4) }
}

/** Grows the account from `from` to `to` entities; returns the seconds it took. */
export async function seedAuditAccount(endpoint: string, to: number, from = 0, concurrency = 16): Promise<number> {
  const started = performance.now()
  const before = shapeOf(from)
  const after = shapeOf(to)
  await fetch(`${endpoint}/_iamkit/clock`, { method: 'POST', body: JSON.stringify({ offsetSeconds: -200 * 86_400 }) })
  // moto answers 500 now and then under concurrent writes; the SDK's retries ride over it.
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: ADMIN_KEYS, maxAttempts: 12 })
  const limit = pLimit(concurrency)
  const policyArn = (i: number) => `arn:aws:iam::123456789012:policy/bench-app-${i}`
  try {
    if (from === 0) {
      await Promise.all(Array.from({ length: MANAGED_POLICIES }, (_, i) => limit(() => iam.send(new CreatePolicyCommand({ PolicyName: `bench-app-${i}`, PolicyDocument: managedDocument(i) })))))
      await Promise.all(
        Array.from({ length: GROUPS }, (_, i) =>
          limit(async () => {
            const GroupName = `bench-group-${i}`
            await iam.send(new CreateGroupCommand({ GroupName }))
            await iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn: policyArn(i % MANAGED_POLICIES) }))
            await iam.send(new PutGroupPolicyCommand({ GroupName, PolicyName: 'observe', PolicyDocument: GROUP_INLINE }))
          }),
        ),
      )
    }
    const roles = Array.from({ length: after.roles - before.roles }, (_, k) => before.roles + k).map((i) =>
      limit(async () => {
        const RoleName = `bench-role-${String(i).padStart(5, '0')}`
        await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST }))
        if (i % 3 === 0) await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'app', PolicyDocument: INLINE }))
        if (i % 2 === 0) await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: policyArn(i % MANAGED_POLICIES) }))
      }),
    )
    const users = Array.from({ length: after.users - before.users }, (_, k) => before.users + k).map((i) =>
      limit(async () => {
        const UserName = `bench-user-${String(i).padStart(5, '0')}`
        await iam.send(new CreateUserCommand({ UserName }))
        await iam.send(new CreateAccessKeyCommand({ UserName }))
        await iam.send(new AddUserToGroupCommand({ UserName, GroupName: `bench-group-${i % GROUPS}` }))
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
  if (!endpoint) throw new Error('usage: tsx bench/seed-audit-account.ts <moto endpoint> [entities]')
  const entities = Number(process.argv[3] ?? BENCH_SIZES[0])
  const seconds = await seedAuditAccount(endpoint, entities)
  const { roles, users } = shapeOf(entities)
  process.stdout.write(`seeded ${roles} roles and ${users} users in ${seconds.toFixed(1)} s\n`)
}
