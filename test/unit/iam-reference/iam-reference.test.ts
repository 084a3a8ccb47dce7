import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'
import type { IamReference } from '../../../src/iam-reference/iam-reference.js'
import { CONDITION_KEY_SUPPLEMENT } from '../../../src/iam-reference/condition-key-supplement.js'
import { ACTION_SUPPLEMENT } from '../../../src/iam-reference/action-supplement.js'

const reference: IamReference = await loadIamReference()

describe('the IAM reference (AWS service authorization data)', () => {
  it('is loaded once per process and says which data it is', async () => {
    expect(await loadIamReference()).toBe(reference)
    expect(reference.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(reference.services().length).toBeGreaterThan(400)
  })

  it('knows actions without case, expands wildcards, and refuses what AWS does not have', () => {
    expect(reference.action('S3:getobject')?.qualified).toBe('s3:GetObject')
    expect(reference.action('s3:GetObjectLockConfiguration')).toBeUndefined()
    expect(reference.action('s3:GetBucketObjectLockConfiguration')).toBeDefined()
    expect(reference.hasService('pinpoint')).toBe(false)
    expect(reference.hasService('mobiletargeting')).toBe(true)
    expect(reference.matchActions('iam:Put*').map((a) => a.name).sort()).toContain('PutRolePolicy')
    expect(reference.matchActions('iam:Put*').every((a) => a.service === 'iam' && a.name.startsWith('Put'))).toBe(true)
    expect(reference.matchActions('iam:?etRole').map((a) => a.name)).toEqual(['GetRole'])
    expect(reference.matchActions('*').length).toBe(reference.allActions().length)
    expect(reference.matchActions('s3:Nope*')).toEqual([])
  })

  it.each([
    ['aws:MultiFactorAuthPresent', 'global'],
    ['aws:multifactorauthpresent', 'global'],
    ['aws:PrincipalTag/team', 'global'],
    ['aws:IsMcpServiceAction', 'global'],
    ['s3:prefix', 'service'],
    ['kms:ViaService', 'service'],
    ['kms:EncryptionContext:aws:s3:arn', 'service'],
    ['ec2:ResourceTag/Name', 'service'],
    ['s3:ExistingObjectTag/owner', 'service'],
    ['secretsmanager:ResourceTag/aws:secretsmanager:owningService', 'service'],
    ['saml:aud', 'service'],
    ['token.actions.githubusercontent.com:sub', 'federated'],
    ['oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud', 'federated'],
  ])('knows the condition key %s (%s)', (key, scope) => {
    expect(reference.conditionKey(key)).toMatchObject({ known: true, scope })
  })

  it.each(['s3:NotAKey', 'ec2:InstanceTypee', 'kms:ViaServce', 'aws:MultiFactorAuth', 'aws:PrincipalTag/', 'nosuchservice:Key', 'MultiFactorAuthPresent'])(
    'refuses the condition key %s',
    (key) => {
      expect(reference.conditionKey(key)).toEqual({ known: false })
    },
  )

  it('knows which actions support a key', () => {
    const getObject = reference.action('s3:GetObject')!
    expect(reference.actionSupportsKey(getObject, 's3:ExistingObjectTag/x')).toBe(true)
    expect(reference.actionSupportsKey(getObject, 'aws:SourceIp')).toBe(true)
    expect(reference.actionSupportsKey(getObject, 'ec2:InstanceType')).toBe(false)
    expect(reference.actionSupportsKey(reference.action('iam:PassRole')!, 'iam:PassedToService')).toBe(true)
  })

  it('keeps its supplements short and sourced, and only for what the data lacks', () => {
    for (const entry of CONDITION_KEY_SUPPLEMENT) {
      expect(entry.source).toMatch(/AWS/)
      expect(reference.conditionKey(entry.key)).toMatchObject({ known: true, supplement: entry })
    }
    expect(CONDITION_KEY_SUPPLEMENT.length).toBeLessThan(20)
    for (const entry of ACTION_SUPPLEMENT) {
      expect(entry.source).toMatch(/^AWS managed polic/)
      expect(reference.action(entry.action)).toBeDefined()
    }
  })
})
