import { describe, expect, it } from 'vitest'

import { parseCredentialReport, parseCsv } from '../../../../src/audit/collect/credential-report-csv.js'

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\r\nx,,z\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['x', '', 'z'],
    ])
  })

  it('keeps a last line without a line end, and refuses an unterminated quote', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']])
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/)
  })
})

describe('parseCredentialReport', () => {
  it('types the root row and user rows, with N/A, no_information and not_supported as no date', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,false,true,2021-05-05T00:00:00+00:00,2026-10-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'alice,arn:aws:iam::123456789012:user/team/alice,2024-02-02T00:00:00+00:00,true,no_information,2024-02-02T00:00:00+00:00,N/A,true,false,2024-02-02T00:00:00+00:00,N/A,N/A,N/A,true,2025-03-03T00:00:00+00:00,2026-11-20T08:00:00+00:00,eu-west-1,iam,false,N/A,false,N/A',
      'bob,arn:aws:iam::123456789012:user/bob,2024-02-02T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ].join('\n')
    const report = parseCredentialReport(csv, new Date('2026-11-22T10:00:00Z'))
    expect(report.generatedTime).toEqual(new Date('2026-11-22T10:00:00Z'))
    expect(report.entries).toEqual([
      {
        user: '<root_account>',
        arn: 'arn:aws:iam::123456789012:root',
        isRoot: true,
        createdAt: new Date('2020-01-01T00:00:00Z'),
        passwordEnabled: true,
        passwordLastUsed: new Date('2026-11-01T10:00:00Z'),
        passwordLastChanged: undefined,
        mfaActive: false,
        accessKeys: [{ slot: 1, active: true, lastRotated: new Date('2021-05-05T00:00:00Z'), lastUsed: new Date('2026-10-01T00:00:00Z') }],
      },
      {
        user: 'alice',
        arn: 'arn:aws:iam::123456789012:user/team/alice',
        isRoot: false,
        createdAt: new Date('2024-02-02T00:00:00Z'),
        passwordEnabled: true,
        passwordLastUsed: undefined,
        passwordLastChanged: new Date('2024-02-02T00:00:00Z'),
        mfaActive: true,
        accessKeys: [
          { slot: 1, active: false, lastRotated: new Date('2024-02-02T00:00:00Z'), lastUsed: undefined },
          { slot: 2, active: true, lastRotated: new Date('2025-03-03T00:00:00Z'), lastUsed: new Date('2026-11-20T08:00:00Z') },
        ],
      },
      { user: 'bob', arn: 'arn:aws:iam::123456789012:user/bob', isRoot: false, createdAt: new Date('2024-02-02T00:00:00Z'), passwordEnabled: false, passwordLastUsed: undefined, passwordLastChanged: undefined, mfaActive: false, accessKeys: [] },
    ])
  })

  it('finds columns by name, whatever their order, and says which are missing', () => {
    const report = parseCredentialReport('arn,user,mfa_active,password_enabled,access_key_2_active,access_key_1_active\n"arn:aws:iam::1:user/a,b",a,true,false,false,false\n')
    expect(report.entries[0]).toMatchObject({ user: 'a', arn: 'arn:aws:iam::1:user/a,b', mfaActive: true })
    expect(() => parseCredentialReport('user,arn\nx,y\n')).toThrow(/lacks the column\(s\) password_enabled, mfa_active/)
  })
})

describe('parseCsv, plain and quoted text mixed', () => {
  it('reads a quoted start followed by plain characters, an empty quoted field, and a quote inside a plain field as the RFC reader did', () => {
    expect(parseCsv('"ab"cd,"",x"y,""""\n')).toEqual([['abcd', '', 'x"y', '"']])
  })
})
