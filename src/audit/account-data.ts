import type { IamReference } from '../iam-reference/iam-reference.js'

/**
 * What the collectors gather about an account, in iamkit's own terms (no SDK types), so rules
 * can be tested from hand-built data. Policy documents stay as IAM sent them (JSON text, maybe
 * URL-encoded); rules parse them through `policy-documents.ts`.
 */

/** One access-key slot of a credential-report row. */
export interface AccessKeySlot {
  slot: 1 | 2
  active: boolean
  /** When the key was created or last rotated; undefined when the slot holds no key. */
  lastRotated?: Date
  /** Undefined: never used. */
  lastUsed?: Date
}

/** One row of the IAM credential report. */
export interface CredentialReportEntry {
  user: string
  arn: string
  /** The `<root_account>` row. */
  isRoot: boolean
  createdAt?: Date
  passwordEnabled: boolean
  /** Undefined: no password, or never used. */
  passwordLastUsed?: Date
  /** When the password was last set; undefined when there is none or the report does not say. */
  passwordLastChanged?: Date
  mfaActive: boolean
  accessKeys: AccessKeySlot[]
}

export interface CredentialReport {
  /** When IAM generated the report: it may be up to four hours old. */
  generatedTime?: Date
  entries: CredentialReportEntry[]
}

export interface InlinePolicy {
  name: string
  document: string
}

export interface AttachedPolicy {
  name: string
  arn: string
}

/** What users, groups and roles have in common: a name, an ARN and their own policies. */
export interface IdentityDetail {
  name: string
  arn: string
  path: string
  createdAt?: Date
  inlinePolicies: InlinePolicy[]
  attachedPolicies: AttachedPolicy[]
}

/** What users and roles have beyond groups: a permissions boundary, maybe. */
export interface PrincipalDetail extends IdentityDetail {
  /** The managed policy set as the permissions boundary; undefined when there is none. */
  permissionsBoundaryArn?: string
}

export interface UserDetail extends PrincipalDetail {
  /** Names of the groups the user belongs to. */
  groups: string[]
}

export type GroupDetail = IdentityDetail

export interface RoleDetail extends PrincipalDetail {
  /** RoleLastUsed.LastUsedDate; undefined when IAM saw no use in its tracking window (400 days). */
  lastUsed?: Date
  trustPolicy: string
}

export interface ManagedPolicyDetail {
  name: string
  arn: string
  path: string
  createdAt?: Date
  attachmentCount: number
  awsManaged: boolean
  /** The default version's document. */
  document?: string
}

/** GetAccountAuthorizationDetails, all pages. */
export interface AuthorizationDetails {
  users: UserDetail[]
  groups: GroupDetail[]
  roles: RoleDetail[]
  policies: ManagedPolicyDetail[]
}

/** One service a role's policies grant, from the service last-accessed report. */
export interface ServiceUsage {
  namespace: string
  name?: string
  /** Undefined: not used in IAM's tracking window. */
  lastAuthenticated?: Date
}

/** Service last-accessed data by role ARN. Roles whose job did not finish are absent. */
export type ServiceUsageByRole = Map<string, ServiceUsage[]>

/** GetAccountPasswordPolicy; `null` when the account has none (IAM's defaults apply). */
export interface PasswordPolicy {
  minimumLength?: number
  /** How many previous passwords cannot be reused; undefined: reuse is allowed. */
  reusePrevention?: number
  maxAgeDays?: number
}

export interface ServerCertificate {
  name: string
  arn: string
  expiration?: Date
}

/** A virtual MFA device that is assigned, and to whom (the root user's ARN ends in `:root`). */
export interface VirtualMfaDevice {
  serial: string
  userArn?: string
}

/** accessanalyzer:ListAnalyzers, per region the audit looks at. */
export interface RegionAnalyzers {
  region: string
  /** The region's analyzers of external access (ACCOUNT or ORGANIZATION), with their status. */
  analyzers: { name: string; type: string; status: string }[]
}

/** The accounts of the organization the audited account belongs to (known with `--org`). */
export interface OrganizationAccounts {
  accountIds: readonly string[]
}

/** Everything a rule may need; each part is present only if its collector succeeded. */
export interface AccountSources {
  credentialReport: CredentialReport
  authorization: AuthorizationDetails
  serviceUsage: ServiceUsageByRole
  passwordPolicy: PasswordPolicy | null
  serverCertificates: ServerCertificate[]
  virtualMfaDevices: VirtualMfaDevice[]
  accessAnalyzers: RegionAnalyzers[]
  organization: OrganizationAccounts
  /** AWS's service authorization data (not read from the account): actions and condition keys. */
  reference: IamReference
}

export type SourceName = keyof AccountSources
