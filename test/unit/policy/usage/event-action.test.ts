import { describe, expect, it } from 'vitest'

import { iamActionFor } from '../../../../src/policy/usage/event-action.js'

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
  ])('%s %s → %s', (source, name, action) => {
    expect(iamActionFor(source, name)).toEqual({ action })
  })

  it.each([
    ['apigateway.amazonaws.com', 'GetRestApis', 'HTTP verbs'],
    ['example.com', 'Foo', 'not an AWS service endpoint'],
    ['iam.amazonaws.com', 'List Users', 'not an API operation'],
  ])('cannot map %s %s', (source, name, reason) => {
    const result = iamActionFor(source, name)
    expect('unmapped' in result && result.unmapped).toContain(reason)
  })
})
