import { describe, expect, it } from 'vitest'

import { resourceMatches } from '../../../../src/policy/document/resource-pattern.js'

describe('resourceMatches', () => {
  it.each([
    ['*', 'arn:aws:iam::1:user/alice', {}, true],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::123456789012:user/alice', { 'aws:username': 'alice' }, true],
    ['arn:aws:iam::*:user/${aws:UserName}', 'arn:aws:iam::123456789012:user/alice', { 'aws:username': 'alice' }, true],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::123456789012:user/bob', { 'aws:username': 'alice' }, false],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::123456789012:user/alice', {}, false],
    ['arn:aws:iam::*:user/*/${aws:username}', 'arn:aws:iam::1:user/eng/alice', { 'aws:username': 'alice' }, true],
    ['arn:aws:iam::*:user/*/${aws:username}', 'arn:aws:iam::1:user/alice', { 'aws:username': 'alice' }, false],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/Alice', { 'aws:username': 'alice' }, false],
    ['arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*', {}, true],
    ['arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x', {}, false],
    ['arn:aws:s3:::b?', 'arn:aws:s3:::bx', {}, true],
    ['arn:aws:s3:::b.c', 'arn:aws:s3:::bxc', {}, false],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/a.b', { 'aws:username': 'a.b' }, true],
    ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/axb', { 'aws:username': 'a.b' }, false],
  ])('%s vs %s', (pattern, arn, vars, expected) => {
    expect(resourceMatches(pattern, arn, vars)).toBe(expected)
  })
})
