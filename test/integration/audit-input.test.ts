import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

// Validation happens before any AWS call: these runs have no endpoint to reach at all.
describe('iamkit audit: bad input exits 2 with what is wrong', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
  })
  afterAll(() => sandbox.dispose())

  it.each([
    [['--unused-days', '-5'], /--unused-days must be a whole number of days \(0 or more\), not "-5"/],
    [['--unused-days=-5'], /--unused-days must be a whole number/],
    [['--max-key-age', 'ninety'], /--max-key-age must be a whole number of days \(0 or more\), not "ninety"/],
    [['--concurrency', '0'], /--concurrency must be a whole number of at least 1, not "0"/],
    [['--concurrency', '2.5'], /--concurrency must be a whole number/],
    [['--format', 'xml'], /--format must be one of table, json, csv, sarif, not "xml"/],
    [['--regions', 'us-east-1,mars'], /--regions must be AWS regions separated by commas, such as us-east-1,eu-west-1 \("mars" is not one\)/],
    [['--fail-on', 'severe'], /--fail-on must be one of info, low, medium, high, critical, none, not "severe"/],
  ])('%j', async (args, message) => {
    const run = await sandbox.iamkit(['audit', ...args])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('refuses --json with another --format, in a JSON error document', async () => {
    const run = await sandbox.iamkit(['audit', '--json', '--format', 'csv'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'USAGE', message: '--json asks for JSON but --format is csv; choose one' } })
  })

  it('names an unreadable or malformed ignore file, and answers --json with an error document', async () => {
    const missing = join(sandbox.home, 'nope.json')
    const unreadable = await sandbox.iamkit(['audit', '--ignore-file', missing])
    expect(unreadable.code).toBe(2)
    expect(unreadable.stderr).toBe(`iamkit: cannot read --ignore-file ${missing}: no such file\n`)

    const malformed = join(sandbox.home, 'bad.json')
    await writeFile(malformed, '{"ignore": [{"type": "UNUSED_ROLE", "arn": "*"}]}')
    const run = await sandbox.iamkit(['audit', '--json', '--ignore-file', malformed])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'IGNORE_FILE', message: `--ignore-file ${malformed}, entry 1: reason must say why the finding is accepted` } })
  })

  it('refuses an unknown --profile', async () => {
    const run = await sandbox.iamkit(['audit', '--profile', 'ghost'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/profile "ghost" is not in/)
  })

  // The collectors and the IAM data load side by side: a collector failing first (here every call,
  // for want of credentials) once escaped as an unhandled rejection, a raw Node stack.
  it('with no credentials anywhere: exit 1, one line, no stack', async () => {
    const run = await sandbox.iamkit(['audit', '--no-service-usage'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^iamkit: \S+:\S+: no AWS credentials were found .*\n$/)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })
})
