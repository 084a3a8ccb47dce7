import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Finding } from '../../../src/audit/finding.js'
import { applyIgnores, loadIgnoreFile } from '../../../src/audit/ignore-file.js'
import { UsageError } from '../../../src/errors.js'

const finding = (type: Finding['type'], arn: string): Finding => ({
  id: `${type}-x`,
  type,
  severity: 'high',
  resource: { type: 'Role', name: arn.split('/').pop()!, arn },
  account: { id: '123456789012', name: null },
  detail: '',
  lastUsed: null,
  ageDays: null,
  recommendation: '',
  via: [],
})

describe('ignore file', () => {
  let dir: string
  const file = async (name: string, text: string) => {
    const path = join(dir, name)
    await writeFile(path, text)
    return path
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamkit-ignore-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('reads {"ignore": [...]} and the bare list, with optional expiry dates', async () => {
    const entries = [{ type: 'UNUSED_ROLE', arn: 'arn:aws:iam::*:role/break-glass-*', reason: 'kept for emergencies', expires: '2027-01-31' }]
    expect(await loadIgnoreFile(await file('a.json', JSON.stringify({ ignore: entries })))).toEqual([{ ...entries[0], expires: new Date('2027-01-31T23:59:59.999Z') }])
    expect(await loadIgnoreFile(await file('b.json', JSON.stringify([{ type: '*', arn: '*', reason: 'all' }])))).toEqual([{ type: '*', arn: '*', reason: 'all' }])
  })

  it.each([
    ['unreadable', undefined, /cannot read --ignore-file .*missing\.json: no such file/],
    ['not JSON', '{"ignore": [', /is not valid JSON/],
    ['no list', '{"entries": []}', /must hold \{"ignore": \[ … \]\}/],
    ['unknown type', '[{"type": "UNUSED_THING", "arn": "*", "reason": "r"}]', /entry 1: type must be a finding type .*"UNUSED_THING"/],
    ['no reason', '[{"type": "UNUSED_ROLE", "arn": "*"}]', /entry 1: reason must say why/],
    ['bad date', '[{"type": "UNUSED_ROLE", "arn": "*", "reason": "r", "expires": "2027-02-30"}]', /entry 1: expires must be a date YYYY-MM-DD \(got "2027-02-30"\)/],
    ['typo in a field', '[{"type": "UNUSED_ROLE", "arn": "*", "reason": "r", "expiry": "2027-01-01"}]', /unknown field "expiry"/],
  ])('rejects a file that is %s, naming the path and the reason', async (_, text, message) => {
    const path = text === undefined ? join(dir, 'missing.json') : await file(`bad-${Math.random()}.json`, text)
    const error = await loadIgnoreFile(path).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(path)
  })

  it('suppresses matching findings by type and ARN pattern, counts them, and warns about expired entries', () => {
    const findings = [
      finding('UNUSED_ROLE', 'arn:aws:iam::123456789012:role/break-glass-1'),
      finding('ADMIN_ACCESS', 'arn:aws:iam::123456789012:role/break-glass-1'),
      finding('UNUSED_ROLE', 'arn:aws:iam::123456789012:role/app'),
      finding('UNUSED_ROLE', 'arn:aws:iam::123456789012:role/old-thing'),
    ]
    const now = new Date('2026-11-22T12:00:00Z')
    const outcome = applyIgnores(
      findings,
      [
        { type: 'UNUSED_ROLE', arn: 'arn:aws:iam::*:role/break-glass-?', reason: 'emergencies' },
        { type: 'UNUSED_ROLE', arn: '*:role/old-thing', reason: 'migration', expires: new Date('2026-11-21T23:59:59.999Z') },
        { type: '*', arn: 'arn:aws:iam::123456789012:role/app', reason: 'owned by team x', expires: new Date('2026-11-22T23:59:59.999Z') },
      ],
      now,
    )
    expect(outcome.kept.map((f) => `${f.type} ${f.resource.name}`)).toEqual(['ADMIN_ACCESS break-glass-1', 'UNUSED_ROLE old-thing'])
    expect(outcome.suppressed).toBe(2)
    expect(outcome.warnings).toEqual(['ignore entry UNUSED_ROLE *:role/old-thing expired on 2026-11-21; its findings are reported again (migration)'])
  })
})
