/**
 * The condition keys iamkit knows, in one table: AWS's global `aws:` keys and the keys of the
 * services whose policies iamkit writes and audits (STS and IAM). Names compare without case,
 * as IAM compares them. A key of a service without a table here counts as known, so an audit
 * never calls a real key invalid just because this table is incomplete.
 */

export const MFA_PRESENT_KEY = 'aws:MultiFactorAuthPresent'
export const MFA_AGE_KEY = 'aws:MultiFactorAuthAge'

/** Keys that take a tag key after a slash: `aws:PrincipalTag/team`. */
const TAG_KEY_FAMILIES = ['aws:PrincipalTag', 'aws:RequestTag', 'aws:ResourceTag', 'iam:ResourceTag', 'sts:RequestContext']

const KEYS_BY_SERVICE: Record<string, readonly string[]> = {
  // AWS global condition context keys (IAM User Guide, "AWS global condition context keys").
  aws: [
    'aws:AssumedRoot',
    'aws:CalledVia',
    'aws:CalledViaFirst',
    'aws:CalledViaLast',
    'aws:ChatbotSourceArn',
    'aws:CurrentTime',
    'aws:Ec2InstanceSourcePrivateIPv4',
    'aws:Ec2InstanceSourceVpc',
    'aws:EpochTime',
    'aws:FederatedProvider',
    MFA_AGE_KEY,
    MFA_PRESENT_KEY,
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList',
    'aws:PrincipalType',
    'aws:referer',
    'aws:RequestedRegion',
    'aws:ResourceAccount',
    'aws:ResourceOrgID',
    'aws:ResourceOrgPaths',
    'aws:RoleSessionName',
    'aws:SecureTransport',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceIdentity',
    'aws:SourceIp',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpcArn',
    'aws:SourceVpce',
    'aws:TagKeys',
    'aws:TokenIssueTime',
    'aws:UserAgent',
    'aws:userid',
    'aws:username',
    'aws:ViaAWSService',
    'aws:VpceAccount',
    'aws:VpceOrgID',
    'aws:VpceOrgPaths',
    'aws:VpcSourceIp',
  ],
  // Service Authorization Reference, "AWS Security Token Service".
  sts: [
    'sts:AWSServiceName',
    'sts:DurationSeconds',
    'sts:ExternalId',
    'sts:IdentityTokenAudience',
    'sts:RequestContextProviders',
    'sts:RoleSessionName',
    'sts:SigningAlgorithm',
    'sts:SourceIdentity',
    'sts:TaskPolicyArn',
    'sts:TransitiveTagKeys',
  ],
  // Service Authorization Reference, "AWS Identity and Access Management (IAM)".
  iam: [
    'iam:AccountPropertyNamespaces',
    'iam:AssociatedResourceArn',
    'iam:AWSServiceName',
    'iam:DelegationDuration',
    'iam:DelegationRequestOwner',
    'iam:FIDO-certification',
    'iam:FIDO-FIPS-140-2-certification',
    'iam:FIDO-FIPS-140-3-certification',
    'iam:NotificationChannel',
    'iam:OrganizationsPolicyId',
    'iam:PassedToService',
    'iam:PermissionsBoundary',
    'iam:PolicyARN',
    'iam:RegisterSecurityKey',
    'iam:RoleTemplateARN',
    'iam:ServiceSpecificCredentialAgeDays',
    'iam:ServiceSpecificCredentialServiceName',
    'iam:TemplateArn',
  ],
}

const KNOWN = new Set(Object.values(KEYS_BY_SERVICE).flat().map((k) => k.toLowerCase()))
const TAG_FAMILIES = new Set(TAG_KEY_FAMILIES.map((k) => k.toLowerCase()))

/** The services this table has a complete list for. */
export function hasConditionKeyTable(service: string): boolean {
  return Object.hasOwn(KEYS_BY_SERVICE, service.toLowerCase())
}

/**
 * Whether IAM knows `key`: exactly, for `aws:`, `sts:` and `iam:` keys (tag families need a
 * non-empty tag key after the slash); any key of another prefix (`s3:prefix`,
 * `token.actions.githubusercontent.com:sub`) is taken as known.
 */
export function isKnownConditionKey(key: string): boolean {
  const colon = key.indexOf(':')
  if (colon <= 0 || colon === key.length - 1 || /\s/.test(key)) return false
  const lower = key.toLowerCase()
  if (!hasConditionKeyTable(lower.slice(0, colon))) return true
  if (KNOWN.has(lower)) return true
  const slash = lower.indexOf('/')
  return slash > 0 && slash < lower.length - 1 && TAG_FAMILIES.has(lower.slice(0, slash))
}

/** The name as AWS writes it (`aws:multifactorauthpresent` → `aws:MultiFactorAuthPresent`), if known. */
export function canonicalConditionKey(key: string): string | undefined {
  const lower = key.toLowerCase()
  return Object.values(KEYS_BY_SERVICE)
    .flat()
    .find((k) => k.toLowerCase() === lower)
}
