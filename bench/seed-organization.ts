/**
 * Seeds an AWS Organization in moto for the organization benchmark: the management account and
 * `accounts - 1` member accounts (created with organizations:CreateAccount, so each has its
 * OrganizationAccountAccessRole), each account holding `entities` principals of the same shape:
 * ¾ roles (a third with an inline policy, half with one of ten customer-managed policies) and ¼
 * users (an access key each, each in one of ten groups holding a managed and an inline policy),
 * all created "200 days ago" on moto's movable clock.
 *
 * An account is described once, as the IAM calls that build it (`accountCalls`), and applied
 * either in moto's process (`seedInProcess`, bench/moto_seeding_launcher.py: the fast way, one
 * request per account) or over HTTP with the SDK as the member account (`seedOverHttp`: the
 * reference the suite compares one account against).
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
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import pLimit from 'p-limit'

import { ACCOUNT_ID as MANAGEMENT_ACCOUNT, ADMIN_KEYS } from '../test/support/moto-account.js'

const REGION = 'us-east-1'
const MANAGED_POLICIES = 10
const GROUPS = 10
const CREATED_DAYS_AGO = 200

type Params = Record<string, string>
/** One IAM call: the action's name and its request parameters, as the SDK or moto's handler takes them. */
export type IamCall = [action: keyof typeof COMMANDS, params: Params]

const COMMANDS = {
  CreatePolicy: CreatePolicyCommand,
  CreateGroup: CreateGroupCommand,
  AttachGroupPolicy: AttachGroupPolicyCommand,
  PutGroupPolicy: PutGroupPolicyCommand,
  CreateRole: CreateRoleCommand,
  PutRolePolicy: PutRolePolicyCommand,
  AttachRolePolicy: AttachRolePolicyCommand,
  CreateUser: CreateUserCommand,
  CreateAccessKey: CreateAccessKeyCommand,
  AddUserToGroup: AddUserToGroupCommand,
} as const

const json = (value: unknown) => JSON.stringify(value)

/** The IAM calls that give one account its `entities` principals, in an order IAM accepts. */
export function accountCalls(accountId: string, entities: number): IamCall[] {
  const roles = Math.round((entities * 3) / 4)
  const users = entities - roles
  const policyArn = (i: number) => `arn:aws:iam::${accountId}:policy/bench-app-${i}`
  const calls: IamCall[] = []
  for (let i = 0; i < MANAGED_POLICIES; i++) {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['sqs:Get*', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
        { Sid: 'Data', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:eu-west-1:${accountId}:table/app-${i}` },
        { Sid: 'Keys', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } } },
        { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', NotResource: `arn:aws:iam::${accountId}:role/app-${i}-*` },
      ],
    }
    calls.push(['CreatePolicy', { PolicyName: `bench-app-${i}`, PolicyDocument: json(document) }])
  }
  const groupInline = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'], Resource: '*' }] })
  for (let i = 0; i < GROUPS; i++) {
    const GroupName = `bench-group-${i}`
    calls.push(['CreateGroup', { GroupName }], ['AttachGroupPolicy', { GroupName, PolicyArn: policyArn(i % MANAGED_POLICIES) }], ['PutGroupPolicy', { GroupName, PolicyName: 'observe', PolicyDocument: groupInline }])
  }
  const trust = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] })
  const inline = json({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bench-bucket/*' },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    ],
  })
  for (let i = 0; i < roles; i++) {
    const RoleName = `bench-role-${String(i).padStart(4, '0')}`
    calls.push(['CreateRole', { RoleName, AssumeRolePolicyDocument: trust }])
    if (i % 3 === 0) calls.push(['PutRolePolicy', { RoleName, PolicyName: 'app', PolicyDocument: inline }])
    if (i % 2 === 0) calls.push(['AttachRolePolicy', { RoleName, PolicyArn: policyArn(i % MANAGED_POLICIES) }])
  }
  for (let i = 0; i < users; i++) {
    const UserName = `bench-user-${String(i).padStart(4, '0')}`
    calls.push(['CreateUser', { UserName }], ['CreateAccessKey', { UserName }], ['AddUserToGroup', { UserName, GroupName: `bench-group-${i % GROUPS}` }])
  }
  return calls
}

export interface SeededOrganization {
  /** Every account, the management account first, then the members in creation order. */
  accounts: { id: string; name: string }[]
  seconds: number
}

/**
 * Creates the organization and its member accounts, and seeds every account in moto's process.
 * moto must run bench/moto_seeding_launcher.py.
 */
export async function seedOrganization(endpoint: string, accounts: number, entities: number): Promise<SeededOrganization> {
  const started = performance.now()
  await setClock(endpoint, -CREATED_DAYS_AGO * 86_400)
  const org = new OrganizationsClient({ region: REGION, endpoint, credentials: ADMIN_KEYS, maxAttempts: 12 })
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    const members: { id: string; name: string }[] = []
    // One at a time: moto numbers nothing, but the order gives the accounts their names.
    for (let i = 1; i < accounts; i++) {
      const name = `member-${String(i).padStart(3, '0')}`
      const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
      members.push({ id: created.CreateAccountStatus!.AccountId!, name })
    }
    const all = [{ id: MANAGEMENT_ACCOUNT, name: 'management' }, ...members]
    for (const account of all) await seedInProcess(endpoint, account.id, accountCalls(account.id, entities))
    return { accounts: all, seconds: (performance.now() - started) / 1000 }
  } finally {
    org.destroy()
    await setClock(endpoint, 0)
  }
}

/** Applies the calls to the account in moto's own process (one request). */
export async function seedInProcess(endpoint: string, accountId: string, calls: IamCall[]): Promise<void> {
  const res = await fetch(`${endpoint}/_iamkit/seed-iam`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ accountId, calls }) })
  const answer = (await res.json()) as { done: number; error?: string }
  if (!res.ok || answer.done !== calls.length) throw new Error(`seeding ${accountId} in moto failed after ${answer.done} of ${calls.length} calls: ${answer.error ?? `HTTP ${res.status}`}`)
}

/**
 * Applies the calls over HTTP as the account (through a role assumed in it; moto lets the
 * management account assume any role ARN), `concurrency` at a time within each phase, on moto's
 * clock set `CREATED_DAYS_AGO` back like the in-process seeding. Returns the seconds it took.
 */
export async function seedOverHttp(endpoint: string, accountId: string, calls: IamCall[], concurrency = 8): Promise<number> {
  const started = performance.now()
  const sts = new STSClient({ region: REGION, endpoint, credentials: ADMIN_KEYS })
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'bench-seed' }))
  sts.destroy()
  // moto answers 500 now and then under concurrent writes; the SDK's retries ride over it.
  const iam = new IAMClient({ region: REGION, endpoint, maxAttempts: 12, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } })
  const limit = pLimit(concurrency)
  const send = ([action, params]: IamCall) => {
    const Command = COMMANDS[action] as unknown as new (input: Params) => Parameters<IAMClient['send']>[0]
    return limit(() => iam.send(new Command(params)))
  }
  await setClock(endpoint, -CREATED_DAYS_AGO * 86_400)
  try {
    // Policies and groups before the roles and users that use them; each entity's own calls in order.
    const setup = calls.filter(([a]) => ['CreatePolicy', 'CreateGroup', 'AttachGroupPolicy', 'PutGroupPolicy'].includes(a))
    await Promise.all(setup.filter(([a]) => a === 'CreatePolicy').map(send))
    await Promise.all(setup.filter(([a]) => a === 'CreateGroup').map(send))
    await Promise.all(setup.filter(([a]) => a !== 'CreatePolicy' && a !== 'CreateGroup').map(send))
    const byEntity = new Map<string, IamCall[]>()
    for (const call of calls.slice(setup.length)) {
      const key = call[1].RoleName ?? call[1].UserName!
      byEntity.set(key, [...(byEntity.get(key) ?? []), call])
    }
    await Promise.all([...byEntity.values()].map(async (own) => {
      for (const call of own) await send(call)
    }))
  } finally {
    iam.destroy()
    await setClock(endpoint, 0)
  }
  return (performance.now() - started) / 1000
}

async function setClock(endpoint: string, offsetSeconds: number): Promise<void> {
  const res = await fetch(`${endpoint}/_iamkit/clock`, { method: 'POST', body: json({ offsetSeconds }) })
  if (!res.ok) throw new Error(`moto clock: HTTP ${res.status}`)
}
