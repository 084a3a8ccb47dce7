import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { collectAuthorizationDetails } from '../../src/audit/collect/authorization-details.js'
import { IamPager } from '../support/iam-pager.js'

// moto answers GetAccountAuthorizationDetails in one page; this loopback pager pages at IAM's
// 1,000 items and delays each answer, so the parallel reading by Filter shows. The gain itself
// is measured by `npm run bench` (bench/suites/authorization-paging.ts), not timed here.
const ACCOUNT = { User: 2500, Role: 2500, Group: 200, LocalManagedPolicy: 1200, AWSManagedPolicy: 300 }

describe('GetAccountAuthorizationDetails read by Filter, side by side, against an IAM-like pager', () => {
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

  it('reads every entity with one pagination per Filter, five at once, as many sequential pages as the largest kind needs', async () => {
    const details = await collectAuthorizationDetails(iam)
    expect(details.users).toHaveLength(ACCOUNT.User)
    expect(details.roles).toHaveLength(ACCOUNT.Role)
    expect(details.groups).toHaveLength(ACCOUNT.Group)
    expect(details.policies).toHaveLength(ACCOUNT.LocalManagedPolicy + ACCOUNT.AWSManagedPolicy)
    expect(new Set(details.roles.map((r) => r.arn)).size).toBe(ACCOUNT.Role)
    expect(details.roles[0]!.inlinePolicies).toHaveLength(1)
    // 3 + 3 + 1 + 2 + 1 pages, each filter on its own, all five in flight together.
    expect(pager.pages).toBe(10)
    expect(new Set(pager.filtersSeen.map((f) => f.join()))).toEqual(new Set(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']))
    expect(pager.maxInFlight).toBe(5)
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
