/**
 * The IAM action a CloudTrail event was authorised as. For most services that is the event
 * source's first label and the event name (`iam.amazonaws.com` + `ListUsers` →
 * `iam:ListUsers`); the tables hold the services and events where it is not.
 */

/** Event sources whose IAM service prefix is not the source's first label. */
const SOURCE_PREFIXES: Record<string, string> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'email.amazonaws.com': 'ses',
  'tagging.amazonaws.com': 'tag',
  'metering-marketplace.amazonaws.com': 'aws-marketplace',
  'sso-directory.amazonaws.com': 'sso-directory',
  'elasticfilesystem.amazonaws.com': 'elasticfilesystem',
  'execute-api.amazonaws.com': 'execute-api',
}

/** Events whose action has another name than the API operation (S3's older names, mostly). */
const EVENT_ACTIONS: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:HeadObject': 's3:GetObject',
  's3:DeleteObjects': 's3:DeleteObject',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:DeleteBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketLifecycle': 's3:GetLifecycleConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:PutBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3:PutBucketReplication': 's3:PutReplicationConfiguration',
  's3:DeleteBucketReplication': 's3:PutReplicationConfiguration',
  's3:GetBucketCors': 's3:GetBucketCORS',
  's3:PutBucketCors': 's3:PutBucketCORS',
  's3:DeleteBucketCors': 's3:PutBucketCORS',
  's3:DeleteBucketTagging': 's3:PutBucketTagging',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
}

/** Services whose actions are not named after API operations, so no event name maps to one. */
const UNMAPPABLE_SOURCES: Record<string, string> = {
  'apigateway.amazonaws.com': 'API Gateway authorises HTTP verbs on resource paths (apigateway:GET, apigateway:POST, …)',
}

// Lambda and CloudFront record the API version in the event name: GetFunction20150331v2,
// UpdateDistribution2020_05_31.
const API_VERSION_SUFFIX = /(?:\d{8}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/

export type EventAction = { action: string } | { unmapped: string }

export function iamActionFor(eventSource: string, eventName: string): EventAction {
  const unmappable = UNMAPPABLE_SOURCES[eventSource]
  if (unmappable) return { unmapped: unmappable }
  const prefix = SOURCE_PREFIXES[eventSource] ?? /^([a-z0-9-]+)\.amazonaws\.com$/.exec(eventSource)?.[1]
  if (!prefix) return { unmapped: `event source ${eventSource} is not an AWS service endpoint` }
  const name = eventName.replace(API_VERSION_SUFFIX, '')
  if (!/^[A-Za-z0-9]+$/.test(name)) return { unmapped: `event name ${eventName} is not an API operation` }
  const action = `${prefix}:${name}`
  return { action: EVENT_ACTIONS[action] ?? action }
}
