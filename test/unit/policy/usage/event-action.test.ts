import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../../src/iam-reference/load-iam-reference.js'
import { EVENT_SOURCE_PREFIXES, iamActionFor, RENAMED_EVENT_ACTIONS } from '../../../../src/policy/usage/event-action.js'

const reference = await loadIamReference()

describe('iamActionFor', () => {
  it.each([
    ['iam.amazonaws.com', 'ListUsers', 'iam:ListUsers'],
    ['sts.amazonaws.com', 'AssumeRole', 'sts:AssumeRole'],
    ['ec2.amazonaws.com', 'DescribeInstances', 'ec2:DescribeInstances'],
    ['monitoring.amazonaws.com', 'PutMetricData', 'cloudwatch:PutMetricData'],
    ['email.amazonaws.com', 'SendEmail', 'ses:SendEmail'],
    ['tagging.amazonaws.com', 'GetResources', 'tag:GetResources'],
    ['s3.amazonaws.com', 'ListBuckets', 's3:ListAllMyBuckets'],
    ['s3.amazonaws.com', 'GetBucketEncryption', 's3:GetEncryptionConfiguration'],
    ['s3.amazonaws.com', 'CreateBucket', 's3:CreateBucket'],
    ['lambda.amazonaws.com', 'GetFunction20150331v2', 'lambda:GetFunction'],
    ['lambda.amazonaws.com', 'ListFunctions20150331', 'lambda:ListFunctions'],
    ['cloudfront.amazonaws.com', 'UpdateDistribution2020_05_31', 'cloudfront:UpdateDistribution'],
    ['access-analyzer.amazonaws.com', 'ListAnalyzers', 'access-analyzer:ListAnalyzers'],
    ['s3.amazonaws.com', 'GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'],
    ['pinpoint.amazonaws.com', 'GetApp', 'mobiletargeting:GetApp'],
    ['iam.amazonaws.com', 'listusers', 'iam:ListUsers'],
  ])('%s %s → %s', (source, name, action) => {
    expect(iamActionFor(source, name, reference)).toEqual({ action })
  })

  it.each([
    ['apigateway.amazonaws.com', 'GetRestApis', 'HTTP verbs'],
    ['example.com', 'Foo', 'not an AWS service endpoint'],
    ['iam.amazonaws.com', 'List Users', 'not an API operation'],
    ['ec2.amazonaws.com', 'NotAnOperation', 'ec2 has no action NotAnOperation'],
    ['nosuchservice.amazonaws.com', 'DoThing', 'AWS has no service prefix "nosuchservice"'],
  ])('cannot map %s %s', (source, name, reason) => {
    const result = iamActionFor(source, name, reference)
    expect('unmapped' in result && result.unmapped).toContain(reason)
  })
})

describe('the event → action tables', () => {
  it('hold only actions and prefixes that exist in AWS data', () => {
    for (const target of Object.values(RENAMED_EVENT_ACTIONS)) expect(reference.action(target)?.qualified, target).toBe(target)
    for (const source of Object.keys(RENAMED_EVENT_ACTIONS)) expect(reference.action(source), `${source} is an action: no rename needed`).toBeUndefined()
    for (const prefix of Object.values(EVENT_SOURCE_PREFIXES)) expect(reference.hasService(prefix), prefix).toBe(true)
  })
})
