import { lstat, readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

/**
 * SPEC §0: bad input is exit 2 with one line on stderr, before any work: every file stays
 * byte-identical and no folder is created. Each case runs the built CLI in its own HOME whose
 * endpoint is a closed loopback port, so a case that reached AWS before refusing would fail
 * with exit 1 instead of 2. `{home}` in an argument is that HOME; `{nowhere}` is a folder at
 * the file-system root that must never come to exist.
 */
const NOWHERE = `/iamkit-matrix-${process.pid}-nonexistent`
const LONG = 'x'.repeat(10_000)

const CREDENTIALS = `# laptop
[default]
aws_access_key_id = AKIAFAKEMATRIX000001
aws_secret_access_key = fake-matrix-secret-0000000000000000000001
mfa_serial = arn:aws:iam::123456789012:mfa/erin
`
const CONFIG = `[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default
`

type Case = [name: string, args: string[], says?: RegExp]

// The full range of odd values runs on one command; every other command gets the sharpest few
// of each flag (the unit tests check each value against the validators themselves).
const awsInput = (base: string[], full = false): Case[] => [
  ['--region with a space', [...base, '--region', 'bad region']],
  ['--region of 10 KB', [...base, '--region', LONG], /--region "x{40}…" is not an AWS region name/],
  ['--endpoint-url file:', [...base, '--endpoint-url', 'file:///etc/passwd']],
  ['--endpoint-url with a password', [...base, '--endpoint-url', 'http://me:hunter2@127.0.0.1:9'], /^iamkit: --endpoint-url "http:\/\/…@127\.0\.0\.1:9" is not/],
  ['--timeout not a number', [...base, '--timeout', 'soon']],
  ...(full
    ? ([
        ['--region in capitals', [...base, '--region', 'US-EAST-1']],
        ['--region empty', [...base, '--region', '']],
        ['--endpoint-url without a scheme', [...base, '--endpoint-url', 'notaurl']],
        ['--endpoint-url javascript:', [...base, '--endpoint-url', 'javascript:alert(1)']],
        ['--endpoint-url with a query', [...base, '--endpoint-url', 'http://127.0.0.1:9/?x=1']],
        ['--endpoint-url empty', [...base, '--endpoint-url', '']],
        ['--timeout zero', [...base, '--timeout', '0']],
        ['--timeout over an hour', [...base, '--timeout', '99999999']],
      ] as Case[])
    : []),
]
const mfaInput = (base: string[], full = false): Case[] => [
  ['--token-code with a letter', [...base, '--token-code', '12a']],
  ['--mfa-command empty', [...base, '--mfa-command', ''], /--mfa-command needs a command/],
  ...(full
    ? ([
        ['--token-code of 7 digits', [...base, '--token-code', '1234567']],
        ['--token-code empty', [...base, '--token-code', '']],
        ['--mfa-command blank', [...base, '--mfa-command', '   '], /--mfa-command needs a command/],
      ] as Case[])
    : []),
]
const outInput = (base: string[], flag: string, full = false): Case[] => [
  [`${flag} naming a folder`, [...base, flag, '{home}']],
  [`${flag} in a folder at the root that does not exist`, [...base, flag, `${NOWHERE}/dir/x.json`]],
  ...(full
    ? ([
        [`${flag} naming a folder with a slash`, [...base, flag, '{home}/.aws/']],
        [`${flag} in a folder that does not exist`, [...base, flag, '{home}/missing/deeper/x.json']],
        [`${flag} under a file`, [...base, flag, '{home}/.aws/credentials/x.json']],
        [`${flag} naming a device`, [...base, flag, '/dev/null']],
        [`${flag} empty`, [...base, flag, '']],
      ] as Case[])
    : []),
]
const profileInput = (command: string[]): Case[] => [
  ['an unknown profile', [...command, 'nosuch'], /profile "nosuch" is not in /],
  ['no profile', command, /missing PROFILE/],
  ['an unknown flag', [...command, 'default', '--nope'], /--nope/],
  ['a stray argument', [...command, 'default', 'extra'], /extra/],
]
const limitInput = (base: string[]): Case[] => [['--limit not a quota', [...base, '--limit', 'huge']]]
const FROM_USAGE = ['policy', 'from-usage', '--role', 'deploy', '--days', '30']

const CASES: Record<string, Case[]> = {
  init: [...profileInput(['init']), ...awsInput(['init', 'default']), ['--mfa-serial not a device', ['init', 'default', '--mfa-serial', 'not a device']]],
  login: [
    ...profileInput(['login']),
    ...awsInput(['login', 'default'], true),
    ...mfaInput(['login', 'default'], true),
    ['--duration not a number', ['login', 'default', '--duration', '1x']],
    ['--duration under 900 s', ['login', 'default', '--duration', '899']],
    ['--duration over 36 h', ['login', 'default', '--duration', '37h']],
    ['--duration negative', ['login', 'default', '--duration', '-5']],
    ['--duration over 1 h for a chained role', ['login', 'admin', '--duration', '2h']],
    ['--format unknown', ['login', 'default', '--format', 'xml']],
    ['--json with --format env', ['login', 'default', '--json', '--format', 'env']],
  ],
  exec: [
    ['an unknown profile', ['exec', 'nosuch', '--', 'true'], /profile "nosuch" is not in /],
    ['no profile', ['exec'], /missing PROFILE/],
    ...awsInput(['exec', 'default', '--token-code', '123456']).map(([name, args, says]): Case => [name, [...args, '--', 'true'], says]),
    ...mfaInput(['exec', 'default']).map(([name, args, says]): Case => [name, [...args, '--', 'true'], says]),
  ],
  'credential-process': [...profileInput(['credential-process']), ...awsInput(['credential-process', 'default'])],
  rotate: [
    ...profileInput(['rotate']),
    ...awsInput(['rotate', 'default', '--yes']),
    ...mfaInput(['rotate', 'default', '--yes']),
    ['--if-older-than negative', ['rotate', 'default', '--if-older-than', '-1']],
    ['--if-older-than not a number', ['rotate', 'default', '--if-older-than', 'ninety']],
    ['--if-older-than a fraction', ['rotate', 'default', '--if-older-than', '1.5']],
  ],
  audit: [
    ...awsInput(['audit']),
    ['--profile unknown', ['audit', '--profile', 'nosuch'], /profile "nosuch" is not in /],
    ['--unused-days negative', ['audit', '--unused-days', '-5']],
    ['--max-key-age not a number', ['audit', '--max-key-age', 'ninety']],
    ['--format unknown', ['audit', '--format', 'xml']],
    ['--fail-on unknown', ['audit', '--fail-on', 'severe']],
    ['--concurrency zero', ['audit', '--concurrency', '0']],
    ['--regions not regions', ['audit', '--regions', 'us-east-1,mars']],
    ['--ignore-file missing', ['audit', '--ignore-file', '{home}/nope.json']],
    ['--ignore-file a folder', ['audit', '--ignore-file', '{home}']],
    ['--ignore-file not JSON', ['audit', '--ignore-file', '{home}/.aws/config']],
    ...outInput(['audit', '--format', 'json'], '--output', true),
    ['an unknown flag', ['audit', '--nope'], /--nope/],
  ],
  'policy user': [
    ['--role-arn not an ARN', ['policy', 'user', '--role-arn', 'notanarn']],
    ['--role-arn with a wildcard', ['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/*']],
    ['neither --role-arn nor --self-service', ['policy', 'user'], /--role-arn, or --self-service/],
    ...outInput(['policy', 'user', '--self-service'], '--out'),
    ...limitInput(['policy', 'user', '--self-service']),
  ],
  'policy trust': [
    ['--principal not a principal', ['policy', 'trust', '--principal', 'not a principal']],
    ['--principal anyone', ['policy', 'trust', '--principal', '*']],
    ['no --principal', ['policy', 'trust'], /--principal/],
    ['--mfa-max-age not a number', ['policy', 'trust', '--principal', '123456789012', '--mfa-max-age', 'soon']],
    ['--mfa-max-age zero', ['policy', 'trust', '--principal', '123456789012', '--mfa-max-age', '0']],
    ['--external-id empty', ['policy', 'trust', '--principal', '123456789012', '--external-id', '']],
    ['--external-id with a space', ['policy', 'trust', '--principal', '123456789012', '--external-id', 'a b']],
    ...outInput(['policy', 'trust', '--principal', '123456789012'], '--out'),
    ...limitInput(['policy', 'trust', '--principal', '123456789012']),
  ],
  // The reported case: --out /nonexistent/dir/x.json created the folder at the root.
  'policy mfa-required': [...outInput(['policy', 'mfa-required'], '--out', true), ...limitInput(['policy', 'mfa-required'])],
  'policy from-usage': [
    ...awsInput(FROM_USAGE),
    ['--profile unknown', [...FROM_USAGE, '--profile', 'nosuch'], /profile "nosuch" is not in /],
    ['--role empty', ['policy', 'from-usage', '--role', '', '--days', '30']],
    ['--role not a role name', ['policy', 'from-usage', '--role', 'a b', '--days', '30']],
    ['--days zero', ['policy', 'from-usage', '--role', 'deploy', '--days', '0']],
    ['--days over 90', ['policy', 'from-usage', '--role', 'deploy', '--days', '91']],
    ['--days not a number', ['policy', 'from-usage', '--role', 'deploy', '--days', 'many']],
    ['--max-events zero', [...FROM_USAGE, '--max-events', '0']],
    ...outInput(FROM_USAGE, '--out'),
    ...limitInput(FROM_USAGE),
  ],
  console: [
    ...profileInput(['console']),
    ...awsInput(['console', 'default', '--print']),
    ...mfaInput(['console', 'admin', '--print']),
    ['--duration over 12 h for a role', ['console', 'admin', '--print', '--duration', '43201']],
    ['--duration under 900 s for a user', ['console', 'default', '--print', '--duration', '899']],
    ['--duration not a number', ['console', 'default', '--print', '--duration', 'soon']],
    ['--policy-arn not an ARN', ['console', 'default', '--print', '--policy-arn', 'ReadOnly']],
    ['--policy-arn on a role profile', ['console', 'admin', '--print', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']],
    ['--destination javascript:', ['console', 'default', '--print', '--destination', 'javascript:alert(1)']],
    ['--signin-endpoint not a URL', ['console', 'default', '--print', '--signin-endpoint', 'not a url']],
  ],
  '(no command)': [
    ['an unknown command', ['nosuchcommand'], /"nosuchcommand"/],
    ['a mistyped command', ['logn', 'default'], /did you mean "login"/],
  ],
}

/** Every path under `dir` with its type, mode and bytes: what "nothing changed" is checked against. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (path: string) => {
    const info = await lstat(path)
    const rel = path.slice(dir.length) || '/'
    if (info.isDirectory()) {
      out[rel] = `dir ${(info.mode & 0o777).toString(8)}`
      for (const name of (await readdir(path)).sort()) await walk(join(path, name))
    } else {
      out[rel] = `file ${(info.mode & 0o777).toString(8)} ${(await readFile(path)).toString('base64')}`
    }
  }
  await walk(dir)
  return out
}

const ALL: [string, string[], RegExp][] = Object.entries(CASES).flatMap(([command, cases]) =>
  cases.map(([name, args, says]): [string, string[], RegExp] => [`${command}: ${name}`, args, says ?? flagNamed(name)]),
)

/** A case named after a flag must be refused with a message that names that flag. */
function flagNamed(name: string): RegExp {
  const flag = /^--[\w-]+/.exec(name)?.[0]
  if (!flag) throw new Error(`case "${name}" needs the text its refusal must say`)
  return new RegExp(`(^|[^\\w-])${flag}([^\\w-]|$)`)
}

describe('bad input: exit 2, one line, nothing changed, no folder created', () => {
  it.concurrent.each(ALL)('%s', async (_name, template, says) => {
    const sandbox = await Sandbox.create('http://127.0.0.1:9')
    try {
      await sandbox.writeCredentials(CREDENTIALS)
      await sandbox.writeConfig(CONFIG)
      const before = await snapshot(sandbox.home)
      const args = template.map((arg) => arg.replaceAll('{home}', sandbox.home))
      const run = await sandbox.iamkit(args, { env: { AWS_MAX_ATTEMPTS: '1' } })
      expect(run.code, run.stderr).toBe(2)
      // With --json the one line is the error document on stdout.
      const line = args.includes('--json') ? `iamkit: ${JSON.parse(run.stdout).error.message}\n` : run.stderr
      if (!args.includes('--json')) expect(run.stdout).toBe('')
      expect(line).toMatch(/^iamkit: [^\n]+\n$/)
      expect(line).toMatch(says)
      expect(line.length).toBeLessThan(400)
      expect(run.stdout + run.stderr).not.toMatch(/fake-matrix-secret|hunter2/)
      expect(await snapshot(sandbox.home)).toEqual(before)
      expect(existsSync(NOWHERE)).toBe(false)
    } finally {
      await sandbox.dispose()
    }
  })
})
