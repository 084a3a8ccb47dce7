import type { IAMClient } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'

import { collectCredentialReport } from '../../../../src/audit/collect/credential-report.js'
import { systemClock } from '../../../../src/clock.js'
import { chunkedIamClient } from '../../../support/chunked-iam-client.js'

const CSV = 'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,true,false,false\nalice,arn:aws:iam::123456789012:user/alice,2024-02-02T00:00:00+00:00,false,false,true,false\n'

const answer = (content: string) =>
  `<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetCredentialReportResult><Content>${content}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-30T10:00:00Z</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCredentialReportResponse>`

/** A client answering GenerateCredentialReport COMPLETE and GetCredentialReport with `report`, 5 bytes at a time, through iamkit's answer check. */
function clientAnswering(report: string): IAMClient {
  const complete = '<GenerateCredentialReportResponse><GenerateCredentialReportResult><State>COMPLETE</State></GenerateCredentialReportResult></GenerateCredentialReportResponse>'
  return chunkedIamClient((params) => (params.get('Action') === 'GetCredentialReport' ? report : complete), 5)
}

describe('the credential report read from the answer as it arrives', () => {
  it('reads the Content from the bytes, decoded as the SDK decodes it, and the rest through the SDK', async () => {
    const report = await collectCredentialReport(clientAnswering(answer(Buffer.from(CSV).toString('base64'))), { clock: systemClock })
    expect(report.generatedTime).toEqual(new Date('2026-11-30T10:00:00Z'))
    expect(report.entries.map((e) => e.user)).toEqual(['<root_account>', 'alice'])
    expect(report.entries[1]!.accessKeys).toEqual([{ slot: 1, active: true, lastRotated: undefined, lastUsed: undefined }])
  })

  it('refuses a Content that is not base64, and an answer cut short', async () => {
    await expect(collectCredentialReport(clientAnswering(answer('not base64!')), { clock: systemClock })).rejects.toThrow(/Content that is not base64/)
    await expect(collectCredentialReport(clientAnswering(answer(Buffer.from(CSV).toString('base64')).slice(0, 200)), { clock: systemClock })).rejects.toThrow(/cannot read: missing closing tag/)
  })
})
