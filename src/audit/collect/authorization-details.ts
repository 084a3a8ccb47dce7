import type {
  AttachedPolicy as SdkAttachedPolicy,
  GetAccountAuthorizationDetailsResponse,
  IAMClient,
  ManagedPolicyDetail as SdkManagedPolicy,
  PolicyDetail,
} from '@aws-sdk/client-iam'

import type { AttachedPolicy, AuthorizationDetails, InlinePolicy, ManagedPolicyDetail, PrincipalDetail } from '../account-data.js'
import { type EntityLists, splitAuthorizationDetails } from './authorization-details-xml.js'

/** IAM's largest page: the fewest calls for the whole account. */
const PAGE_SIZE = 1000

/**
 * The five kinds of entity GetAccountAuthorizationDetails can be asked for on their own. Asked
 * for side by side, an account of 25,000 entities takes as many sequential round trips as its
 * largest kind needs, instead of all ~27 pages one after the other.
 */
export const AUTHORIZATION_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const

/**
 * Every user, group, role and managed policy with their documents, in as few calls as IAM
 * allows: iam:GetAccountAuthorizationDetails once per Filter, side by side, MaxItems 1000,
 * each following its own Marker while IsTruncated. (IAM includes only the AWS-managed
 * policies that are attached to something.)
 */
export async function collectAuthorizationDetails(iam: IAMClient, onPage?: (pages: number) => void): Promise<AuthorizationDetails> {
  const { GetAccountAuthorizationDetailsCommand } = await import('@aws-sdk/client-iam')
  const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] }
  let pages = 0
  await Promise.all(
    AUTHORIZATION_FILTERS.map(async (filter) => {
      let marker: string | undefined
      do {
        const command = new GetAccountAuthorizationDetailsCommand({ Filter: [filter], MaxItems: PAGE_SIZE, Marker: marker })
        const lists = readListsFromBytes(command)
        const page = await iam.send(command)
        addPage(details, { ...page, ...lists() })
        onPage?.(++pages)
        marker = page.IsTruncated ? page.Marker : undefined
        if (page.IsTruncated && !marker) throw new Error(`iam:GetAccountAuthorizationDetails (${filter}) said the list goes on but gave no Marker`)
      } while (marker)
    }),
  )
  // Side by side, pages arrive in any order: sort, so that the same account reads the same.
  const byArn = (a: { arn: string }, b: { arn: string }) => a.arn.localeCompare(b.arn)
  details.users.sort(byArn)
  details.groups.sort(byArn)
  details.roles.sort(byArn)
  details.policies.sort(byArn)
  return details
}

/**
 * Has the command's answer read by `splitAuthorizationDetails` (memory: see there): a
 * middleware just inside the SDK's deserializer (so after iamkit's answer check) takes the four
 * entity lists out of the answer's bytes and leaves the rest to the SDK. Returns the lists of
 * the attempt that succeeded; nothing when the answer never went through it (a mocked client).
 */
function readListsFromBytes(command: { middlewareStack: { addRelativeTo: Function } }): () => Partial<EntityLists> {
  let lists: EntityLists | undefined
  command.middlewareStack.addRelativeTo(
    (next: (args: object) => Promise<{ response: unknown; output?: unknown }>) => async (args: object) => {
      const result = await next(args)
      const response = result.response as { statusCode?: number; body?: unknown }
      if (typeof response?.statusCode === 'number' && response.statusCode >= 200 && response.statusCode < 300) {
        const bytes = await bodyBytes(response.body)
        const split = splitAuthorizationDetails(bytes)
        lists = split.lists
        response.body = split.rest
      }
      return result
    },
    { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'iamkitAuthorizationDetailsLists' },
  )
  return () => lists ?? {}
}

/** The answer's bytes: iamkit's answer check has read them already; a bare client hands a stream. */
async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return new Uint8Array()
  const chunks: Uint8Array[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

function addPage(details: AuthorizationDetails, page: GetAccountAuthorizationDetailsResponse): void {
  for (const u of page.UserDetailList ?? []) {
    details.users.push({ ...identity(u, u.UserName, u.UserPolicyList), groups: u.GroupList ?? [] })
  }
  for (const g of page.GroupDetailList ?? []) details.groups.push(identity(g, g.GroupName, g.GroupPolicyList))
  for (const r of page.RoleDetailList ?? []) {
    details.roles.push({
      ...identity(r, r.RoleName, r.RolePolicyList),
      lastUsed: r.RoleLastUsed?.LastUsedDate,
      trustPolicy: r.AssumeRolePolicyDocument ?? '',
    })
  }
  for (const p of page.Policies ?? []) details.policies.push(managedPolicy(p))
}

function identity(
  entity: { Arn?: string; Path?: string; CreateDate?: Date; AttachedManagedPolicies?: SdkAttachedPolicy[]; PermissionsBoundary?: { PermissionsBoundaryArn?: string } },
  name: string | undefined,
  inlinePolicies: PolicyDetail[] | undefined,
): PrincipalDetail {
  return {
    name: name ?? '',
    arn: entity.Arn ?? '',
    path: entity.Path ?? '/',
    createdAt: entity.CreateDate,
    inlinePolicies: inline(inlinePolicies),
    attachedPolicies: attached(entity.AttachedManagedPolicies),
    ...(entity.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundaryArn: entity.PermissionsBoundary.PermissionsBoundaryArn } : {}),
  }
}

function inline(list: PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).map((p) => ({ name: p.PolicyName ?? '', document: p.PolicyDocument ?? '' }))
}

function attached(list: SdkAttachedPolicy[] | undefined): AttachedPolicy[] {
  return (list ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }))
}

function managedPolicy(p: SdkManagedPolicy): ManagedPolicyDetail {
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
    document: defaultVersion?.Document,
  }
}

/** `arn:aws:iam::aws:policy/…` (in any partition): a policy AWS owns. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn)
}
