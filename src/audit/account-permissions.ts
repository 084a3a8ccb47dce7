import type { IamReference } from '../iam-reference/iam-reference.js'
import type { PolicyDocument } from '../policy/document/model.js'
import { type PermissionSource, PrincipalPermissions } from '../permissions/principal-permissions.js'
import type { AuthorizationDetails, GroupDetail, IdentityDetail, RoleDetail, UserDetail } from './account-data.js'
import { documentOf } from './rules/policy-sources.js'
import { isServiceLinkedRole } from './rules/rule.js'

/** A user or role the audit judges, with its effective permissions. */
export interface JudgedPrincipal {
  principal: UserDetail | RoleDetail
  permissions: PrincipalPermissions
}

/** AWS's full-access policy, recognised by its ARN even when IAM omits its document. */
const ADMINISTRATOR_ACCESS = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/
const EVERYTHING: PolicyDocument = { statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }] }

const built = new WeakMap<AuthorizationDetails, AccountPermissions>()

/**
 * The effective permissions of every user and role of one account, from one
 * GetAccountAuthorizationDetails read. The indexes (managed policies by ARN, groups by name) are
 * built once per account. Principals that hold the same policies (the same documents under the
 * same names, and the same boundary) share one PrincipalPermissions, so what the rules work out
 * from it (full access, escalation methods, risky actions) is worked out once for all of them:
 * accounts stamp out thousands of roles from a few templates, and the audit's time per
 * principal stays flat as the account grows.
 */
export class AccountPermissions {
  private readonly managed: Map<string, { name: string; document?: PolicyDocument }>
  private readonly groups: Map<string, GroupDetail>
  /** By principal ARN, and by the policies held (see `profileKey`). */
  private readonly principals = new Map<string, PrincipalPermissions>()
  private readonly profiles = new Map<string, PrincipalPermissions>()
  /** A group's policies as its members hold them, by group name. */
  private readonly groupSources = new Map<string, PermissionSource[]>()
  /** `audited`'s answer, by includeServiceRoles. */
  private readonly judged = new Map<boolean, readonly JudgedPrincipal[]>()
  /** What the model could not take into account, for the report's warnings. */
  readonly gaps: string[] = []

  /** The model of this account, shared by every rule of one audit. */
  static of(authorization: AuthorizationDetails, reference: IamReference): AccountPermissions {
    let model = built.get(authorization)
    if (!model) {
      model = new AccountPermissions(authorization, reference)
      built.set(authorization, model)
    }
    return model
  }

  private constructor(
    private readonly authorization: AuthorizationDetails,
    private readonly reference: IamReference,
  ) {
    this.managed = new Map(authorization.policies.map((p) => [p.arn, { name: p.name, document: documentOf(p.document) }]))
    this.groups = new Map(authorization.groups.map((g) => [g.name, g]))
  }

  /**
   * The users, then the roles, that the audit judges (service-linked roles only when asked), each
   * with its permissions: looked up once per account for every rule that asks, so a rule's work
   * per principal is only what its answer for the principal's model does not already say.
   */
  audited(includeServiceRoles: boolean): readonly JudgedPrincipal[] {
    let judged = this.judged.get(includeServiceRoles)
    if (!judged) {
      const { users, roles } = this.authorization
      const principals: JudgedPrincipal[] = []
      for (const principal of users) principals.push({ principal, permissions: this.permissionsOf(principal) })
      for (const principal of roles) if (includeServiceRoles || !isServiceLinkedRole(principal)) principals.push({ principal, permissions: this.permissionsOf(principal) })
      this.judged.set(includeServiceRoles, (judged = principals))
    }
    return judged
  }

  permissionsOf(principal: UserDetail | RoleDetail): PrincipalPermissions {
    let permissions = this.principals.get(principal.arn)
    if (!permissions) {
      const sources = this.sourcesOf(principal)
      const boundary = this.boundaryOf(principal)
      const key = profileKey(sources, boundary)
      permissions = this.profiles.get(key)
      if (!permissions) {
        permissions = new PrincipalPermissions(sources, this.reference, boundary)
        this.profiles.set(key, permissions)
      }
      this.principals.set(principal.arn, permissions)
    }
    return permissions
  }

  private sourcesOf(principal: UserDetail | RoleDetail): PermissionSource[] {
    const own = this.identitySources(principal, '')
    if (!('groups' in principal)) return own
    const viaGroups = principal.groups.flatMap((name) => {
      let sources = this.groupSources.get(name)
      if (!sources) {
        const group = this.groups.get(name)
        sources = group ? this.identitySources(group, `group ${group.name}: `) : []
        this.groupSources.set(name, sources)
      }
      return sources
    })
    return viaGroups.length ? [...own, ...viaGroups] : own
  }

  private identitySources(identity: IdentityDetail, prefix: string): PermissionSource[] {
    const inline = identity.inlinePolicies.flatMap((p) => {
      const document = documentOf(p.document)
      return document ? [{ policy: `${prefix}inline policy ${p.name}`, document }] : []
    })
    const attached = identity.attachedPolicies.flatMap((p) => {
      const document = this.managedDocument(p.arn)
      return document ? [{ policy: `${prefix}attached policy ${p.name}`, document }] : []
    })
    return [...inline, ...attached]
  }

  private managedDocument(arn: string): PolicyDocument | undefined {
    const document = this.managed.get(arn)?.document
    if (!document && ADMINISTRATOR_ACCESS.test(arn)) return EVERYTHING
    return document
  }

  /**
   * The boundary's document. One IAM did not send is not applied, and the gap is reported: the
   * principal is then judged on its own policies, which can only show more than it has.
   */
  private boundaryOf(principal: UserDetail | RoleDetail): PermissionSource | undefined {
    const arn = principal.permissionsBoundaryArn
    if (!arn) return undefined
    const document = this.managedDocument(arn)
    if (!document) {
      this.gaps.push(`${principal.arn}: permissions boundary ${arn} was not in the account data, so it was judged without it`)
      return undefined
    }
    return { policy: `permissions boundary ${this.managed.get(arn)?.name ?? arn}`, document }
  }
}

const documentIds = new WeakMap<PolicyDocument, number>()
let nextDocumentId = 0

/**
 * What makes two principals' permissions the same: each policy's name as the principal holds it
 * (which `via` shows) and its parsed document (one object per distinct text), in order.
 */
function profileKey(sources: readonly PermissionSource[], boundary: PermissionSource | undefined): string {
  const part = (s: PermissionSource) => {
    let id = documentIds.get(s.document)
    if (id === undefined) documentIds.set(s.document, (id = nextDocumentId++))
    return `${id}:${s.policy}`
  }
  return `${sources.map(part).join('\n')}\n|${boundary ? part(boundary) : ''}`
}
