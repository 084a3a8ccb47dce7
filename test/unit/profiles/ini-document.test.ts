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
    ['a header without its "]" before any section', '[broken\nx = 1\n', 1, /section header "\[broken" has no closing "\]"/],
    ['a header without its "]" inside a section', '[a]\nx = 1\n[profile broken\n', 3, /section header "\[profile broken" has no closing "\]"/],
    ['a header without a name', '[a]\n[]\n', 2, /section header "\[\]" has no name/],
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

describe('IniDocument line endings, per line', () => {
  it('keeps each line its own ending, and rewrites only the edited line (the last character of a value survives)', () => {
    const mixed = '[default]\r\naws_access_key_id = AKIAFAKEFAKEFAKE0001\r\naws_secret_access_key = fakeSecretLastCharZ\nregion = eu-west-1'
    const doc = IniDocument.parse(PATH, mixed)
    expect(doc.get('default', 'aws_secret_access_key')).toBe('fakeSecretLastCharZ')
    expect(doc.get('default', 'region')).toBe('eu-west-1')
    expect(doc.toString()).toBe(mixed)
    doc.set('default', 'region', 'us-east-2')
    expect(doc.toString()).toBe(mixed.replace('eu-west-1', 'us-east-2'))
    doc.set('default', 'aws_access_key_id', 'AKIAFAKEFAKEFAKE0002')
    expect(doc.toString()).toBe(mixed.replace('eu-west-1', 'us-east-2').replace('0001', '0002'))
  })

  it('reads an LF file with one CRLF section, as the AWS CLI does', () => {
    const text = '[a]\nx = 1\n\n[b]\r\ny = 2\r\n\n[c]\nz = 3\n'
    const doc = IniDocument.parse(PATH, text)
    expect([doc.get('a', 'x'), doc.get('b', 'y'), doc.get('c', 'z')]).toEqual(['1', '2', '3'])
    doc.set('b', 'w', '4')
    expect(doc.toString()).toBe('[a]\nx = 1\n\n[b]\r\ny = 2\r\nw = 4\n\n[c]\nz = 3\n')
  })

  it('writes new lines with the dominant ending, and keeps a missing final newline missing', () => {
    const crlf = IniDocument.parse(PATH, '[a]\r\nx = 1\r\ny = 2\r\n[b]\nz = 3')
    crlf.set('b', 'k', 'v')
    expect(crlf.toString()).toBe('[a]\r\nx = 1\r\ny = 2\r\n[b]\nz = 3\r\nk = v')
    crlf.set('new', 'k', 'v')
    expect(crlf.toString()).toBe('[a]\r\nx = 1\r\ny = 2\r\n[b]\nz = 3\r\nk = v\r\n\r\n[new]\r\nk = v')
  })

  it('refuses a carriage return inside a line and a byte-order mark, which the two readers take differently', () => {
    expect(() => IniDocument.parse(PATH, '[a]\nx = 1\ry = 2\n')).toThrow(`${PATH}:2: a carriage return that does not end the line`)
    expect(() => IniDocument.parse(PATH, '\uFEFF[a]\nx = 1\n')).toThrow(`${PATH}:1: the file starts with a byte-order mark`)
  })
})

describe('IniDocument reads as botocore does', () => {
  it('keys case-insensitively, replacing an upper-case key line with the lower-case one', () => {
    const doc = IniDocument.parse(PATH, '[default]\nAWS_ACCESS_KEY_ID = AKIAFAKEFAKEFAKE0001\nAws_Secret_Access_Key = s\n')
    expect(doc.get('default', 'aws_access_key_id')).toBe('AKIAFAKEFAKEFAKE0001')
    doc.set('default', 'aws_access_key_id', 'AKIAFAKEFAKEFAKE0002')
    expect(doc.toString()).toBe('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0002\nAws_Secret_Access_Key = s\n')
  })

  it('section names with spaces, tabs, non-ASCII letters and prototype names are ordinary names', () => {
    const doc = IniDocument.parse(PATH, '[my profile]\nx = 1\n[tab\there]\nx = 2\n[café]\nx = 3\n[__proto__]\nx = 4\n[constructor]\nx = 5\n')
    expect(doc.sectionNames()).toEqual(['my profile', 'tab\there', 'café', '__proto__', 'constructor'])
    expect(doc.get('__proto__', 'x')).toBe('4')
    expect(doc.get('constructor', 'x')).toBe('5')
    expect(doc.get('toString', 'x')).toBeUndefined()
  })

  it('continuation lines by indentation, as RawConfigParser: deeper than the key line', () => {
    const doc = IniDocument.parse(PATH, '[a]\n  x = 1\n  y = 2\n    more\n\n    after blank\nz = 3\n')
    expect(doc.get('a', 'x')).toBe('1')
    expect(doc.get('a', 'y')).toBe('2\nmore\n\nafter blank')
    expect(doc.get('a', 'z')).toBe('3')
  })

  it('notes the values the JS SDK reads differently (inline " #" or " ;", a value on several lines, ":" before "=")', () => {
    const doc = IniDocument.parse(PATH, '[p]\nexternal_id = abc #def\nnote = a ;b\nok = a#b\nregion: eu-west-1\na:b = c\nlong = one\n  two\ns3 =\n  x = 1\n')
    expect(doc.disagreementsIn('p')).toEqual([
      { line: 2, key: 'external_id', botocore: 'abc #def', jsSdk: 'abc' },
      { line: 3, key: 'note', botocore: 'a ;b', jsSdk: 'a' },
      { line: 6, key: 'a', botocore: 'b = c', jsSdk: undefined },
      { line: 7, key: 'long', botocore: 'one\ntwo', jsSdk: 'one' },
    ])
  })

  it.each([
    ['[DEFAULT], which botocore applies to every section', '[DEFAULT]\nregion = x\n', 1, /\[DEFAULT\] section/],
    ['a header the JS SDK does not see', '[a] extra\nx = 1\n', 1, /reads this as section \[a\] but the JS SDK does not read it as a section/],
    ['a header the JS SDK names differently', '[a #b]\nx = 1\n', 1, /reads this as section \[a #b\] but the JS SDK does not read it/],
  ])('refuses %s', (_name, text, line, problem) => {
    expect(() => IniDocument.parse(PATH, text)).toThrow(new RegExp(`^${PATH}:${line}: .*${problem.source}`))
  })
})
