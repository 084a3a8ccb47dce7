/**
 * Actions that are dangerous on every resource for reasons other than escalation, as data:
 * each with why it is on the list. Rules report them when granted on `*`.
 */
export interface RiskyAction {
  action: string
  why: string
}

/** Actions that return or create credentials, keys or secrets. */
export const CREDENTIAL_ACTIONS: readonly RiskyAction[] = [
  { action: 'secretsmanager:GetSecretValue', why: 'returns the value of every secret' },
  { action: 'ssm:GetParameter', why: 'returns parameters, SecureString ones decrypted' },
  { action: 'ssm:GetParameters', why: 'returns parameters, SecureString ones decrypted' },
  { action: 'ssm:GetParametersByPath', why: 'returns whole parameter trees, decrypted' },
  { action: 'kms:Decrypt', why: 'decrypts anything encrypted under any key the key policies allow' },
  { action: 'iam:CreateAccessKey', why: 'creates long-term keys for any user' },
  { action: 'iam:CreateServiceSpecificCredential', why: 'creates CodeCommit, Keyspaces or Bedrock credentials for any user' },
  { action: 'iam:CreateLoginProfile', why: 'sets a console password for users that have none' },
  { action: 'iam:UpdateLoginProfile', why: "changes any user's console password" },
  { action: 'sts:GetFederationToken', why: 'mints temporary credentials with the caller’s permissions' },
  { action: 'ecr:GetAuthorizationToken', why: 'returns registry credentials' },
  { action: 'redshift:GetClusterCredentials', why: 'returns database credentials for any cluster user' },
  { action: 'rds-db:connect', why: 'signs in to any IAM-enabled database as any database user' },
  { action: 'codeartifact:GetAuthorizationToken', why: 'returns package repository tokens' },
  { action: 'lambda:GetFunction', why: 'returns code download links, and functions often carry secrets in environment variables' },
  { action: 'lambda:GetFunctionConfiguration', why: 'returns environment variables, where secrets often live' },
  { action: 'ec2:GetPasswordData', why: 'returns the encrypted Windows administrator password' },
  { action: 'cognito-identity:GetCredentialsForIdentity', why: 'returns AWS credentials for any identity of a pool' },
  { action: 'glue:GetConnection', why: 'returns connection passwords' },
]

/** Actions that rewrite resource policies: whoever holds them on `*` can open any resource to anyone. */
export const RESOURCE_POLICY_ACTIONS: readonly RiskyAction[] = [
  { action: 's3:PutBucketPolicy', why: 'rewrites bucket policies (public or cross-account buckets)' },
  { action: 's3:PutBucketAcl', why: 'grants bucket access through ACLs' },
  { action: 's3:PutObjectAcl', why: 'grants object access through ACLs' },
  { action: 's3:DeleteBucketPolicy', why: 'removes the bucket policies that restrict access' },
  { action: 's3:PutAccessPointPolicy', why: 'rewrites access point policies' },
  { action: 'kms:PutKeyPolicy', why: 'rewrites key policies, so any key can be handed to anyone' },
  { action: 'kms:CreateGrant', why: 'grants use of any key to any principal' },
  { action: 'secretsmanager:PutResourcePolicy', why: 'opens any secret to other principals or accounts' },
  { action: 'sqs:SetQueueAttributes', why: 'rewrites queue policies' },
  { action: 'sqs:AddPermission', why: 'grants queue access to other accounts' },
  { action: 'sns:SetTopicAttributes', why: 'rewrites topic policies' },
  { action: 'sns:AddPermission', why: 'grants topic access to other accounts' },
  { action: 'lambda:AddPermission', why: 'lets other principals or accounts invoke any function' },
  { action: 'lambda:AddLayerVersionPermission', why: 'shares layers with other accounts' },
  { action: 'ecr:SetRepositoryPolicy', why: 'opens image repositories to other accounts' },
  { action: 'glacier:SetVaultAccessPolicy', why: 'rewrites vault policies' },
  { action: 'iam:UpdateAssumeRolePolicy', why: 'rewrites who may assume any role' },
  { action: 'es:UpdateElasticsearchDomainConfig', why: 'rewrites search domain access policies' },
  { action: 'backup:PutBackupVaultAccessPolicy', why: 'opens backup vaults to other accounts' },
  { action: 'ec2:ModifySnapshotAttribute', why: 'shares EBS snapshots with other accounts or the public' },
  { action: 'ec2:ModifyImageAttribute', why: 'shares machine images with other accounts or the public' },
  { action: 'rds:ModifyDBSnapshotAttribute', why: 'shares database snapshots with other accounts or the public' },
  { action: 'ram:CreateResourceShare', why: 'shares resources with other accounts' },
]

/** Services whose every action on `*` hands over the account's security controls. */
export const SENSITIVE_SERVICES: readonly { service: string; why: string }[] = [
  { service: 'iam', why: 'identities and their permissions: full control of the account' },
  { service: 'sts', why: 'assuming any role and minting credentials' },
  { service: 'kms', why: 'every encryption key: decrypting data and destroying keys' },
  { service: 'cloudtrail', why: 'the audit log: stopping or deleting trails hides what happens' },
  { service: 'organizations', why: 'the organization: accounts, SCPs and leaving it' },
  { service: 'secretsmanager', why: 'every secret' },
  { service: 'ssm', why: 'commands on instances and every parameter' },
  { service: 'guardduty', why: 'threat detection: disabling it blinds the account' },
  { service: 'config', why: 'the configuration record: stopping it hides changes' },
  { service: 'securityhub', why: 'security findings: suppressing them hides problems' },
  { service: 'access-analyzer', why: 'external-access findings' },
  { service: 'account', why: 'account settings, contacts and regions' },
  { service: 'sso', why: 'IAM Identity Center: who gets into every account' },
]
