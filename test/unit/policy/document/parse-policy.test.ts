import { describe, expect, it } from 'vitest'

import { UsageError } from '../../../../src/errors.js'
import { PolicyGrammarError, parsePolicyDocument } from '../../../../src/policy/document/parse-policy.js'
import { toIamJson } from '../../../../src/policy/document/render-policy.js'

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TrustAlice',
      Effect: 'Allow',
      Principal: { AWS: '123456789012' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } },
    },
  ],
}

function grammarError(input: unknown): PolicyGrammarError {
  try {
    parsePolicyDocument(input)
  } catch (err) {
    if (err instanceof PolicyGrammarError) return err
    throw err
  }
  throw new Error('expected a PolicyGrammarError')
}

describe('parsePolicyDocument', () => {
  it('normalises single values to lists and flattens the Condition block', () => {
    expect(parsePolicyDocument(trust)).toEqual({
      version: '2012-10-17',
      statements: [
        {
          sid: 'TrustAlice',
          effect: 'Allow',
          principal: { AWS: ['123456789012'] },
          actions: ['sts:AssumeRole'],
          conditions: [
            { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
            { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] },
          ],
        },
      ],
    })
  })

  it('reads a single statement object, NotAction, NotResource and NotPrincipal', () => {
    const doc = parsePolicyDocument({
      Id: 'x',
      Statement: { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: 'arn:aws:s3:::b/*', NotPrincipal: '*' },
    })
    expect(doc).toEqual({
      id: 'x',
      statements: [
        { effect: 'Deny', notActions: ['iam:*', 'sts:*'], notResources: ['arn:aws:s3:::b/*'], notPrincipal: '*', conditions: [] },
      ],
    })
  })

  it('reads JSON text and the URL-encoded text IAM returns', () => {
    const text = JSON.stringify(trust)
    expect(parsePolicyDocument(text)).toEqual(parsePolicyDocument(trust))
    expect(parsePolicyDocument(encodeURIComponent(text))).toEqual(parsePolicyDocument(trust))
  })

  it('keeps Principal values as given, wildcard included', () => {
    const doc = parsePolicyDocument({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'], Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    })
    expect(doc.statements.map((s) => s.principal)).toEqual([
      { AWS: ['*'] },
      { Service: ['ec2.amazonaws.com'], Federated: ['cognito-identity.amazonaws.com'] },
    ])
  })

  it('keeps every value of a multi-valued condition', () => {
    const doc = parsePolicyDocument({
      Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } } },
    })
    expect(doc.statements[0]?.conditions).toEqual([{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.0.0/16'] }])
  })

  it.each([
    ['not JSON', '{"Statement": [', '$', 'is not valid JSON'],
    ['an array at the top', [], '$', 'must be a JSON object'],
    ['an unknown top-level element', { Statement: [], Foo: 1 }, '$.Foo', 'is not a policy element'],
    ['a wrong Version', { Version: '2012-10-18', Statement: [] }, '$.Version', 'must be "2012-10-17"'],
    ['no Statement', { Version: '2012-10-17' }, '$.Statement', 'is missing'],
    ['a lower-case Effect', { Statement: [{ Effect: 'allow', Action: '*' }] }, '$.Statement[0].Effect', 'must be "Allow" or "Deny"'],
    ['no Effect', { Statement: [{ Action: '*' }] }, '$.Statement[0].Effect', 'is missing'],
    ['neither Action nor NotAction', { Statement: [{ Effect: 'Allow', Resource: '*' }] }, '$.Statement[0]', 'needs Action or NotAction'],
    ['both Action and NotAction', { Statement: [{ Effect: 'Allow', Action: '*', NotAction: '*' }] }, '$.Statement[0]', 'has both Action and NotAction'],
    ['both Resource and NotResource', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' }] }, '$.Statement[0]', 'has both Resource'],
    ['both Principal and NotPrincipal', { Statement: [{ Effect: 'Allow', Action: '*', Principal: '*', NotPrincipal: '*' }] }, '$.Statement[0]', 'has both Principal'],
    ['an element in the wrong case', { Statement: [{ Effect: 'Allow', action: '*' }] }, '$.Statement[0].action', 'is not a statement element'],
    ['a number in Action', { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 3] }] }, '$.Statement[0].Action[1]', 'must be a string'],
    ['a principal string other than *', { Statement: [{ Effect: 'Allow', Action: '*', Principal: 'arn:aws:iam::1:root' }] }, '$.Statement[0].Principal', 'must be "*" or an object'],
    ['an unknown principal type', { Statement: [{ Effect: 'Allow', Action: '*', Principal: { User: 'x' } }] }, '$.Statement[0].Principal.User', 'is not a principal type'],
    ['an empty principal', { Statement: [{ Effect: 'Allow', Action: '*', Principal: {} }] }, '$.Statement[0].Principal', 'names no principal'],
    ['a condition operator that is not an object', { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: 'x' } }] }, '$.Statement[0].Condition.Bool', 'must be a JSON object'],
    ['a null condition value', { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: { 'aws:SecureTransport': null } } }] }, '$.Statement[0].Condition.Bool["aws:SecureTransport"]', 'must be a string, number or boolean'],
  ])('rejects %s, naming the JSON path', (_name, input, path, problem) => {
    const err = grammarError(input)
    expect(err).toBeInstanceOf(UsageError)
    expect(err.jsonPath).toBe(path)
    expect(err.message).toContain(path)
    expect(err.message).toContain(problem)
  })
})

describe('toIamJson', () => {
  it('round-trips a document through the model', () => {
    expect(toIamJson(parsePolicyDocument(trust))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustAlice',
          Effect: 'Allow',
          Principal: { AWS: '123456789012' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
        },
      ],
    })
  })

  it('writes lists of one as strings, longer lists as lists, and elements in IAM order', () => {
    const json = toIamJson({
      version: '2012-10-17',
      statements: [
        {
          effect: 'Deny',
          notActions: ['iam:ListMFADevices', 'sts:GetSessionToken'],
          resources: ['*'],
          conditions: [
            { operator: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'] },
            { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1', 'us-east-1'] },
          ],
          sid: 'DenyWithoutMfa',
        },
      ],
    })
    expect(JSON.stringify(json)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"DenyWithoutMfa","Effect":"Deny","NotAction":["iam:ListMFADevices","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}',
    )
  })

  it('omits Version and Id when the document has none, and Condition when empty', () => {
    expect(toIamJson({ statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }] })).toEqual({
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    })
  })
})
