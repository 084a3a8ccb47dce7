import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { collectAuthorizationDetails } from '../../src/audit/collect/authorization-details.js'
import { IamPager } from '../support/iam-pager.js'

// moto answers GetAccountAuthorizationDetails in one page; this loopback pager pages at IAM's
// 1,000 items and delays each answer, so the order of the calls and how many are in flight show.
// It does not prove how real IAM throttles or how long its pages take.
const ACCOUNT = { User: 2500, Role: 2500, Group: 200, LocalManagedPolicy: 1200, AWSManagedPolicy: 300 }

describe('GetAccountAuthorizationDetails read by Filter, one after the other, against an IAM-like pager', () => {
  let pager: IamPager
  let iam: IAMClient
  beforeAll(async () => {
    pager = await IamPager.start(ACCOUNT, 50)
    iam = new IAMClient({ region: 'us-east-1', endpoint: pager.endpoint, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 })
  })
  afterAll(async () => {
    iam.destroy()
    await pager.stop()
  })

  it('reads every entity with one pagination per Filter, one call in flight at a time, smallest kinds first', async () => {
    const details = await collectAuthorizationDetails(iam)
    expect(details.users).toHaveLength(ACCOUNT.User)
    expect(details.roles).toHaveLength(ACCOUNT.Role)
    expect(details.groups).toHaveLength(ACCOUNT.Group)
    expect(details.policies).toHaveLength(ACCOUNT.LocalManagedPolicy + ACCOUNT.AWSManagedPolicy)
    expect(new Set(details.roles.map((r) => r.arn)).size).toBe(ACCOUNT.Role)
    expect(details.roles[0]!.inlinePolicies).toHaveLength(1)
    // 2 + 1 + 1 + 3 + 3 pages, each filter on its own, never two calls at once.
    expect(pager.pages).toBe(10)
    expect(pager.filtersSeen.map((f) => f.join())).toEqual([
      ...['LocalManagedPolicy', 'LocalManagedPolicy', 'AWSManagedPolicy', 'Group'],
      ...['User', 'User', 'User', 'Role', 'Role', 'Role'],
    ])
    expect(pager.maxInFlight).toBe(1)
  })

  it('the unfiltered reading the SDK floor does takes one page after the other (the comparison the bench times)', async () => {
    pager.pages = 0
    pager.maxInFlight = 0
    let marker: string | undefined
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker }))
      marker = page.IsTruncated ? page.Marker : undefined
    } while (marker)
    expect(pager.pages).toBe(Math.ceil(Object.values(ACCOUNT).reduce((a, b) => a + b, 0) / 1000))
    expect(pager.maxInFlight).toBe(1)
  })
})
