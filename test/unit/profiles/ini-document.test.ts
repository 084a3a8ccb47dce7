import { describe, expect, it } from 'vitest'

import { IniDocument } from '../../../src/profiles/ini-document.js'
import { ProfileFileError } from '../../../src/profiles/profile-file-error.js'

const PATH = '/home/u/.aws/credentials'

const COMPLEX = [
  '# Work keys — rotated by iamkit',
  '[default]',
  'aws_access_key_id = AKIAFAKEFAKEFAKE0001',
  'aws_secret_access_key=fake/secret+value',
  '  ; an indented comment',
  '',
  '; personal',
  '[personal]',
  'Region: eu-west-1',
  's3 =',
  '  max_concurrent_requests = 20',
  '  addressing_style = path',
  'unknown_key = kept % verbatim',
  '',
  '',
  '# trailing comment',
  '',
].join('\n')

describe('IniDocument', () => {
  it('round-trips a file byte for byte: comments, blanks, nested values, odd spacing', () => {
    expect(IniDocument.parse(PATH, COMPLEX).toString()).toBe(COMPLEX)
  })

  it('round-trips CRLF files and files without a final newline', () => {
    const crlf = '[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n'
    expect(IniDocument.parse(PATH, crlf).toString()).toBe(crlf)
    expect(IniDocument.parse(PATH, '[a]\nx = 1').toString()).toBe('[a]\nx = 1')
    expect(IniDocument.parse(PATH, '').toString()).toBe('')
  })

  it('reads values as botocore does: first = or :, keys case-insensitive', () => {
    const doc = IniDocument.parse(PATH, COMPLEX)
    expect(doc.get('default', 'aws_secret_access_key')).toBe('fake/secret+value')
    expect(doc.get('personal', 'region')).toBe('eu-west-1')
    expect(doc.get('personal', 'unknown_key')).toBe('kept % verbatim')
    expect(doc.sectionNames()).toEqual(['default', 'personal'])
  })

  it('replaces only the changed line', () => {
    const doc = IniDocument.parse(PATH, COMPLEX)
    doc.set('default', 'aws_access_key_id', 'AKIAFAKEFAKEFAKE0002')
    expect(doc.toString()).toBe(COMPLEX.replace('aws_access_key_id = AKIAFAKEFAKEFAKE0001', 'aws_access_key_id = AKIAFAKEFAKEFAKE0002'))
  })

  it('adds a key after the last key of its section, before the blank lines and comments that follow', () => {
    const doc = IniDocument.parse(PATH, COMPLEX)
    doc.set('default', 'mfa_serial', 'arn:aws:iam::123456789012:mfa/alice')
    doc.set('personal', 'username', 'alice')
    const lines = doc.toString().split('\n')
    expect(lines.slice(1, 6)).toEqual([
      '[default]',
      'aws_access_key_id = AKIAFAKEFAKEFAKE0001',
      'aws_secret_access_key=fake/secret+value',
      'mfa_serial = arn:aws:iam::123456789012:mfa/alice',
      '  ; an indented comment',
    ])
    expect(lines.slice(9, 15)).toEqual(['Region: eu-west-1', 's3 =', '  max_concurrent_requests = 20', '  addressing_style = path', 'unknown_key = kept % verbatim', 'username = alice'])
  })

  it('replaces a value that had continuation lines together with them', () => {
    const doc = IniDocument.parse(PATH, COMPLEX)
    doc.set('personal', 's3', 'flat')
    expect(doc.toString()).toContain('Region: eu-west-1\ns3 = flat\nunknown_key')
  })

  it('appends a new section after one blank line', () => {
    const doc = IniDocument.parse(PATH, '[a]\nx = 1\n')
    doc.set('a-sts', 'expiration', '2026-11-22T13:00:00Z')
    expect(doc.toString()).toBe('[a]\nx = 1\n\n[a-sts]\nexpiration = 2026-11-22T13:00:00Z\n')
    const empty = IniDocument.parse(PATH, '')
    empty.set('new', 'k', 'v')
    expect(empty.toString()).toBe('[new]\nk = v\n')
  })

  it('deletes a key with its continuation lines', () => {
    const doc = IniDocument.parse(PATH, COMPLEX)
    doc.delete('personal', 's3')
    expect(doc.toString()).toContain('Region: eu-west-1\nunknown_key')
  })

  it.each([
    ['a duplicate section', '[a]\nx = 1\n[b]\n[a]\n', 4, /section \[a\] appears twice/],
    ['a line outside any section', '# fine\nx = 1\n[a]\n', 2, /outside any \[section\]/],
    ['a duplicate key, case-insensitively', '[a]\nKey = 1\nkey = 2\n', 3, /key "key" appears twice in \[a\]/],
    ['a line that is not key = value', '[a]\nnot a setting\n', 2, /expected "key = value"/],
  ])('rejects %s with the path and line number', (_name, text, line, problem) => {
    let error: unknown
    try {
      IniDocument.parse(PATH, text)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ProfileFileError)
    expect((error as Error).message).toMatch(new RegExp(`^${PATH}:${line}: `))
    expect((error as Error).message).toMatch(problem)
    expect((error as ProfileFileError).exitCode).toBe(2)
  })

  it('never writes a value that the AWS CLI and the JS SDK would read differently', () => {
    const doc = IniDocument.parse(PATH, '[a]\n')
    expect(() => doc.set('a', 'k', 'value # comment')).toThrow(/read differently/)
    expect(() => doc.set('a', 'k', 'two\nlines')).toThrow(/read differently/)
    expect(() => doc.set('a', 'k', ' padded')).toThrow(/read differently/)
    expect(() => doc.set('a', 'Upper', 'v')).toThrow(/lower-case/)
    doc.set('a', 'k', 'a%b#c;d')
    expect(doc.get('a', 'k')).toBe('a%b#c;d')
  })
})
