import type { IamReference } from '../../iam-reference/iam-reference.js'

/**
 * The IAM action a CloudTrail event was authorised as, decided by AWS's service authorization
 * data: the event source's service prefix and the event name must name an action that exists
 * (`iam.amazonaws.com` + `ListUsers` → `iam:ListUsers`). The tables hold only the documented
 * cases where CloudTrail's names differ from the action's; anything else is unmapped, never guessed.
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
  // Amazon Pinpoint's API and events say pinpoint; its IAM actions are mobiletargeting:*.
  'pinpoint.amazonaws.com': 'mobiletargeting',
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
  's3:DeleteBucketCors': 's3:PutBucketCORS',
  's3:DeleteBucketTagging': 's3:PutBucketTagging',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:PutObjectLockConfiguration': 's3:PutBucketObjectLockConfiguration',
}

/** The renamed events, for the test that every target exists in AWS's data. */
export const RENAMED_EVENT_ACTIONS: Readonly<Record<string, string>> = EVENT_ACTIONS
export const EVENT_SOURCE_PREFIXES: Readonly<Record<string, string>> = SOURCE_PREFIXES

/** Services whose actions are not named after API operations, so no event name maps to one. */
const UNMAPPABLE_SOURCES: Record<string, string> = {
  'apigateway.amazonaws.com': 'API Gateway authorises HTTP verbs on resource paths (apigateway:GET, apigateway:POST, …)',
}

// Lambda and CloudFront record the API version in the event name: GetFunction20150331v2,
// UpdateDistribution2020_05_31.
const API_VERSION_SUFFIX = /(?:\d{8}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/

export type EventAction = { action: string } | { unmapped: string }

export function iamActionFor(eventSource: string, eventName: string, reference: IamReference): EventAction {
  const unmappable = UNMAPPABLE_SOURCES[eventSource]
  if (unmappable) return { unmapped: unmappable }
  const prefix = SOURCE_PREFIXES[eventSource] ?? /^([a-z0-9-]+)\.amazonaws\.com$/.exec(eventSource)?.[1]
  if (!prefix) return { unmapped: `event source ${eventSource} is not an AWS service endpoint` }
  const name = eventName.replace(API_VERSION_SUFFIX, '')
  if (!/^[A-Za-z0-9]+$/.test(name)) return { unmapped: `event name ${eventName} is not an API operation` }
  if (!reference.hasService(prefix)) return { unmapped: `AWS has no service prefix "${prefix}" (from event source ${eventSource}) in its authorization data` }
  const named = `${prefix}:${name}`
  const action = reference.action(EVENT_ACTIONS[named] ?? named)
  if (!action) return { unmapped: `${prefix} has no action ${name} in AWS's authorization data` }
  return { action: action.qualified }
}
