import type {
  AttachedPolicy as SdkAttachedPolicy,
  GetAccountAuthorizationDetailsResponse,
  IAMClient,
  ManagedPolicyDetail as SdkManagedPolicy,
  PolicyDetail,
} from '@aws-sdk/client-iam'

import { streamAnswersInto } from '../../aws/body-sink.js'
import type { AttachedPolicy, AuthorizationDetails, InlinePolicy, ManagedPolicyDetail, PrincipalDetail } from '../account-data.js'
import { AuthorizationDetailsReader, type Entity, type ListName } from './authorization-details-xml.js'

/** IAM's largest page: the fewest calls for the whole account. */
const PAGE_SIZE = 1000

/**
 * The five kinds of entity GetAccountAuthorizationDetails can be asked for on their own, read
 * one after the other, smallest first, as the AWS CLI's paginator reads the whole account. Not
 * side by side: it is one of IAM's heaviest calls and IAM throttles it (an organization audit
 * already overlaps its accounts, --account-concurrency); and a server that builds each answer on
 * one core, as moto does, spends more time on two large answers built at once than on the same
 * answers one after the other (docs/audit.md, "Large accounts"). The cost against real IAM: the
 * pages of the smaller kinds no longer overlap those of the largest.
 */
export const AUTHORIZATION_FILTERS = ['LocalManagedPolicy', 'AWSManagedPolicy', 'Group', 'User', 'Role'] as const

/**
 * Every user, group, role and managed policy with their documents, in as few calls as IAM
 * allows: iam:GetAccountAuthorizationDetails once per Filter, one Filter after the other,
 * MaxItems 1000, each following its own Marker while IsTruncated. (IAM includes only the
 * AWS-managed policies that are attached to something.)
 */
export async function collectAuthorizationDetails(iam: IAMClient, onPage?: (pages: number) => void): Promise<AuthorizationDetails> {
  const { GetAccountAuthorizationDetailsCommand } = await import('@aws-sdk/client-iam')
  const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] }
  const documents = new SameText()
  let pages = 0
  for (const filter of AUTHORIZATION_FILTERS) {
    let marker: string | undefined
    do {
      const command = new GetAccountAuthorizationDetailsCommand({ Filter: [filter], MaxItems: PAGE_SIZE, Marker: marker })
      const streamed = readAsItArrives(command, documents)
      const page = await iam.send(command)
      // Streamed, the SDK's output has the lists emptied; otherwise (a mocked client) they are in it.
      const entities = streamed() ?? pageEntities(page, documents)
      addEntities(details, entities)
      onPage?.(++pages)
      marker = page.IsTruncated ? page.Marker : undefined
      if (page.IsTruncated && !marker) throw new Error(`iam:GetAccountAuthorizationDetails (${filter}) said the list goes on but gave no Marker`)
    } while (marker)
  }
  // IAM promises no order: sort, so that the same account always reads the same.
  const byArn = (a: { arn: string }, b: { arn: string }) => a.arn.localeCompare(b.arn)
  details.users.sort(byArn)
  details.groups.sort(byArn)
  details.roles.sort(byArn)
  details.policies.sort(byArn)
  return details
}

/**
 * Has the command's answer read by `AuthorizationDetailsReader` as it arrives (memory: see
 * there), each entity turned into iamkit's own shape as its element closes. Returns the
 * entities of the attempt that succeeded (a retried attempt starts over); undefined when the
 * answer was not streamed (a mocked client, a client without iamkit's answer check).
 */
function readAsItArrives(command: { middlewareStack: { add: Function } }, documents: SameText): () => AuthorizationDetails | undefined {
  let attempt: AuthorizationDetails | undefined
  streamAnswersInto(command, () => {
    const entities: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] }
    attempt = entities
    return new AuthorizationDetailsReader((list, entity) => addEntity(entities, list, entity, documents))
  })
  return () => attempt
}

function pageEntities(page: GetAccountAuthorizationDetailsResponse, documents: SameText): AuthorizationDetails {
  const entities: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] }
  for (const u of page.UserDetailList ?? []) addEntity(entities, 'UserDetailList', u, documents)
  for (const g of page.GroupDetailList ?? []) addEntity(entities, 'GroupDetailList', g, documents)
  for (const r of page.RoleDetailList ?? []) addEntity(entities, 'RoleDetailList', r, documents)
  for (const p of page.Policies ?? []) addEntity(entities, 'Policies', p, documents)
  return entities
}

function addEntities(details: AuthorizationDetails, page: AuthorizationDetails): void {
  for (const kind of ['users', 'groups', 'roles', 'policies'] as const) for (const e of page[kind]) (details[kind] as unknown[]).push(e)
}

function addEntity<L extends ListName>(into: AuthorizationDetails, list: L, entity: Entity<L>, documents: SameText): void {
  switch (list) {
    case 'UserDetailList': {
      const u = entity as Entity<'UserDetailList'>
      into.users.push({ ...identity(u, u.UserName, u.UserPolicyList, documents), groups: u.GroupList ?? [] })
      return
    }
    case 'GroupDetailList': {
      const g = entity as Entity<'GroupDetailList'>
      into.groups.push(identity(g, g.GroupName, g.GroupPolicyList, documents))
      return
    }
    case 'RoleDetailList': {
      const r = entity as Entity<'RoleDetailList'>
      into.roles.push({
        ...identity(r, r.RoleName, r.RolePolicyList, documents),
        lastUsed: r.RoleLastUsed?.LastUsedDate,
        trustPolicy: documents.of(r.AssumeRolePolicyDocument ?? ''),
      })
      return
    }
    case 'Policies':
      into.policies.push(managedPolicy(entity as Entity<'Policies'>, documents))
  }
}

/**
 * One string per distinct policy text: accounts repeat the same trust and inline policies on
 * thousands of roles, and each copy would otherwise stay in memory until the report is written.
 */
class SameText {
  private readonly seen = new Map<string, string>()

  of(text: string): string
  of(text: string | undefined): string | undefined
  of(text: string | undefined): string | undefined {
    if (text === undefined) return undefined
    const same = this.seen.get(text)
    if (same !== undefined) return same
    this.seen.set(text, text)
    return text
  }
}

function identity(
  entity: { Arn?: string; Path?: string; CreateDate?: Date; AttachedManagedPolicies?: SdkAttachedPolicy[]; PermissionsBoundary?: { PermissionsBoundaryArn?: string } },
  name: string | undefined,
  inlinePolicies: PolicyDetail[] | undefined,
  documents: SameText,
): PrincipalDetail {
  return {
    name: name ?? '',
    arn: entity.Arn ?? '',
    path: entity.Path ?? '/',
    createdAt: entity.CreateDate,
    inlinePolicies: inline(inlinePolicies, documents),
    attachedPolicies: attached(entity.AttachedManagedPolicies),
    ...(entity.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundaryArn: entity.PermissionsBoundary.PermissionsBoundaryArn } : {}),
  }
}

function inline(list: PolicyDetail[] | undefined, documents: SameText): InlinePolicy[] {
  return (list ?? []).map((p) => ({ name: p.PolicyName ?? '', document: documents.of(p.PolicyDocument ?? '') }))
}

function attached(list: SdkAttachedPolicy[] | undefined): AttachedPolicy[] {
  return (list ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }))
}

function managedPolicy(p: SdkManagedPolicy, documents: SameText): ManagedPolicyDetail {
  const arn = p.Arn ?? ''
  const defaultVersion = p.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId)
  return {
    // Some emulators omit PolicyName; the ARN ends with it.
    name: p.PolicyName || arn.slice(arn.lastIndexOf('/') + 1),
    arn,
    path: p.Path ?? '/',
    createdAt: p.CreateDate,
    attachmentCount: p.AttachmentCount ?? 0,
    awsManaged: isAwsManagedPolicyArn(arn),
    document: documents.of(defaultVersion?.Document),
  }
}

/** `arn:aws:iam::aws:policy/…` (in any partition): a policy AWS owns. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn)
}
