import { describe, expect, it } from 'vitest'

import { actionMatches, actionService, isWellFormedAction } from '../../../../src/policy/document/action-pattern.js'

describe('actionMatches', () => {
  it.each([
    ['*', 'iam:CreateUser', true],
    ['iam:*', 'iam:CreateUser', true],
    ['iam:*', 'sts:AssumeRole', false],
    ['IAM:createuser', 'iam:CreateUser', true],
    ['iam:Create*', 'iam:CreateAccessKey', true],
    ['iam:Create*', 'iam:DeleteAccessKey', false],
    ['iam:*AccessKey*', 'iam:UpdateAccessKey', true],
    ['iam:?etUser', 'iam:GetUser', true],
    ['iam:?etUser', 'iam:GetUsers', false],
    ['iam:GetUser', 'iam:GetUserPolicy', false],
    ['s3:Get.Object', 's3:GetXObject', false],
    ['iam:Get(User)', 'iam:Get(User)', true],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected)
  })
})

describe('isWellFormedAction', () => {
  it.each(['*', 'iam:CreateUser', 'iam:*', 's3:Get*', 'execute-api:Invoke', 'iam:?etUser'])('accepts %s', (action) => {
    expect(isWellFormedAction(action)).toBe(true)
  })
  it.each(['iam', 'iam:', ':CreateUser', 'iam:Create User', 'iam::CreateUser', 'iam:CreateUser ', 'arn:aws:iam::1:user/x', 'i am:Get'])(
    'rejects %s',
    (action) => {
      expect(isWellFormedAction(action)).toBe(false)
    },
  )
})

describe('actionService', () => {
  it('returns the lower-cased prefix, or nothing for *', () => {
    expect(actionService('IAM:GetUser')).toBe('iam')
    expect(actionService('*')).toBeUndefined()
  })
})
