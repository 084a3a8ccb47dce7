import { lstat, readdir, readFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

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

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
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
const passphraseInput = (base: string[]): Case[] => [['--passphrase-command empty', [...base, '--passphrase-command', ''], /--passphrase-command needs a command/]]
const reportInput = (base: string[]): Case[] => [
  ['--format unknown', [...base, '--format', 'xml']],
  ['--fail-on unknown', [...base, '--fail-on', 'severe']],
  ...outInput([...base, '--format', 'json'], '--output'),
]
/** Role and IAM Identity Center profiles have no key of their own: told so, not to "add the IAM user's access key". */
const notAKeyProfile = (command: string[]): Case[] => [
  ['a role profile', [...command, 'admin'], /profile "admin" is a role profile .* no access key of its own .*use profile "default" here/],
  ['an IAM Identity Center profile', [...command, 'sso-dev'], /profile "sso-dev" signs in through IAM Identity Center .* no access key of its own/],
]
const FROM_USAGE = ['policy', 'from-usage', '--role', 'deploy', '--days', '30']

const CASES: Record<string, Case[]> = {
  init: [
    ...profileInput(['init']),
    ...awsInput(['init', 'default']),
    ...passphraseInput(['init', 'default']),
    ...notAKeyProfile(['init']),
    ['--mfa-serial not a device', ['init', 'default', '--mfa-serial', 'not a device', '--json']],
  ],
  login: [
    ...profileInput(['login']),
    ...awsInput(['login', 'default'], true),
    ...mfaInput(['login', 'default'], true),
    ['--duration not a number', ['login', 'default', '--duration', '1x']],
    ['--duration under 900 s', ['login', 'default', '--duration', '899']],
    ['--duration over 36 h', ['login', 'default', '--duration', '37h']],
    ['--duration negative', ['login', 'default', '--duration', '-5']],
    ['--duration over 1 h for a chained role', ['login', 'admin', '--duration', '2h']],
    ['--format unknown', ['login', 'default', '--force', '--no-browser', '--format', 'xml']],
    ['--json with --format env', ['login', 'default', '--json', '--format', 'env']],
    ...passphraseInput(['login', 'default']),
  ],
  exec: [
    ['an unknown profile', ['exec', 'nosuch', '--', 'true'], /profile "nosuch" is not in /],
    ['no profile', ['exec'], /missing PROFILE/],
    ...awsInput(['exec', 'default', '--token-code', '123456']).map(([name, args, says]): Case => [name, [...args, '--', 'true'], says]),
    ...mfaInput(['exec', 'default', '--no-browser']).map(([name, args, says]): Case => [name, [...args, '--', 'true'], says]),
    ...passphraseInput(['exec', 'default', '--json']).map(([name, args, says]): Case => [name, [...args, '--', 'true'], says]),
  ],
  'credential-process': [...profileInput(['credential-process']), ...awsInput(['credential-process', 'default']), ['an unknown flag with --json', ['credential-process', 'default', '--json', '--nope'], /--nope/]],
  rotate: [
    ...profileInput(['rotate']),
    ...awsInput(['rotate', 'default', '--yes']),
    ...mfaInput(['rotate', 'default', '--yes']),
    ['--if-older-than negative', ['rotate', 'default', '--if-older-than', '-1']],
    ['--if-older-than not a number', ['rotate', 'default', '--if-older-than', 'ninety']],
    ['--if-older-than a fraction', ['rotate', 'default', '--if-older-than', '1.5', '--dry-run', '--keep-old', '--delete-inactive', '--json']],
    ...passphraseInput(['rotate', 'default', '-y']),
    ...notAKeyProfile(['rotate']),
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
    ['--benchmark unknown', ['audit', '--benchmark', 'cis-9', '--no-service-usage', '--include-service-roles', '--json']],
    ['--org-role not a role name', ['audit', '--org', '--org-role', 'a b']],
    ['--external-id empty', ['audit', '--org', '--external-id', '']],
    ['--external-id without --org', ['audit', '--external-id', 'abc123']],
    ['--accounts not account ids', ['audit', '--accounts', '12']],
    ['--accounts-file missing', ['audit', '--accounts-file', '{home}/nope.txt']],
    ['--account-concurrency zero', ['audit', '--org', '--account-concurrency', '0']],
    ['--shard past its count', ['audit', '--org', '--shard', '5/4']],
  ],
  'audit merge': [
    ['no report', ['audit', 'merge', '--json'], /missing REPORTS/],
    ...reportInput(['audit', 'merge', '{home}/.aws/config']),
  ],
  'policy check': [
    ['no file', ['policy', 'check', '--json'], /missing FILE/],
    ...reportInput(['policy', 'check', '{home}/.aws/config']),
  ],
  status: [
    ['--region with a space', ['status', '--region', 'bad region']],
    ['--endpoint-url without a scheme', ['status', 'default', '--endpoint-url', 'notaurl']],
    ['--timeout zero', ['status', '--check', '--timeout', '0']],
    ['an unknown profile', ['status', 'nosuch', '--json'], /profile "nosuch" is not in /],
  ],
  version: [['an unknown flag', ['version', '--nope'], /unknown flag "--nope"/]],
  'autocomplete fish': [['an unknown flag', ['autocomplete', 'fish', '--nope'], /unknown flag "--nope"/]],
  logout: [
    ['a profile and --all', ['logout', 'default', '--all'], /name one profile or pass --all/],
    ['neither a profile nor --all', ['logout', '--json'], /name one profile or pass --all/],
  ],
  'vault import': [
    ['--backend unknown', ['vault', 'import', 'default', '--backend', 'safe', '--json']],
    ...passphraseInput(['vault', 'import', 'default', '--backend', 'file', '--no-credential-process']),
    ...notAKeyProfile(['vault', 'import']),
  ],
  'vault export': [
    ['a profile whose key is in no vault', ['vault', 'export', 'default', '--yes', '--json'], /not in a vault; nothing to export/],
    ...passphraseInput(['vault', 'export', 'default', '-y']),
  ],
  'vault remove': [
    ['--backend unknown', ['vault', 'remove', 'default', '--backend', 'safe', '--yes']],
    ...passphraseInput(['vault', 'remove', 'default', '--backend', 'file', '--yes', '--json']),
  ],
  'vault list': [['an unknown flag', ['vault', 'list', '--nope', '--json'], /--nope/]],
  help: [['an unknown command', ['help', 'nosuchcommand'], /there is no command "nosuchcommand"/]],
  'policy user': [
    ['--role-arn not an ARN', ['policy', 'user', '--role-arn', 'notanarn']],
    ['--role-arn with a wildcard', ['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/*']],
    ['neither --role-arn nor --self-service', ['policy', 'user', '--json'], /--role-arn, or --self-service/],
    ...outInput(['policy', 'user', '--self-service'], '--out'),
    ...limitInput(['policy', 'user', '--self-service']),
  ],
  'policy trust': [
    ['--principal not a principal', ['policy', 'trust', '--principal', 'not a principal']],
    ['--principal anyone', ['policy', 'trust', '--principal', '*']],
    ['no --principal', ['policy', 'trust'], /--principal/],
    ['--mfa-max-age not a number', ['policy', 'trust', '--principal', '123456789012', '--mfa-max-age', 'soon']],
    ['--mfa-max-age zero', ['policy', 'trust', '--principal', '123456789012', '--mfa', '--mfa-max-age', '0', '--json']],
    ['--external-id empty', ['policy', 'trust', '--principal', '123456789012', '--external-id', '']],
    ['--external-id with a space', ['policy', 'trust', '--principal', '123456789012', '--external-id', 'a b']],
    ...outInput(['policy', 'trust', '--principal', '123456789012'], '--out'),
    ...limitInput(['policy', 'trust', '--principal', '123456789012']),
  ],
  // The reported case: --out /nonexistent/dir/x.json created the folder at the root.
  'policy mfa-required': [...outInput(['policy', 'mfa-required'], '--out', true), ...limitInput(['policy', 'mfa-required', '--json'])],
  'policy from-usage': [
    ...awsInput(FROM_USAGE),
    ['--profile unknown', [...FROM_USAGE, '--profile', 'nosuch'], /profile "nosuch" is not in /],
    ['--role empty', ['policy', 'from-usage', '--role', '', '--days', '30']],
    ['--role not a role name', ['policy', 'from-usage', '--role', 'a b', '--days', '30']],
    ['--days zero', ['policy', 'from-usage', '--role', 'deploy', '--days', '0']],
    ['--days over 90', ['policy', 'from-usage', '--role', 'deploy', '--days', '91']],
    ['--days not a number', ['policy', 'from-usage', '--role', 'deploy', '--days', 'many']],
    ['--max-events zero', [...FROM_USAGE, '--max-events', '0', '--json']],
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
    ['--signin-endpoint not a URL', ['console', 'default', '--print', '--signin-endpoint', 'not a url', '--json']],
    ...passphraseInput(['console', 'default', '--print', '--no-browser']),
  ],
  '(no command)': [
    ['an unknown command', ['nosuchcommand'], /"nosuchcommand"/],
    ['a mistyped command', ['logn', 'default'], /did you mean "login"/],
    ['an unknown command with --json', ['vault', 'lst', '--json'], /unknown command "vault lst"; did you mean "vault list"/],
  ],
}

/**
 * Commands the matrix does not run, each with why. Every other command of the manifest must have
 * cases, and each of its flags must be in one (see "covers every flag" below).
 */
const NOT_IN_MATRIX: Record<string, string> = {
  autocomplete: "@oclif/plugin-autocomplete's own command: its parser and wording are the plugin's",
  'autocomplete create': "@oclif/plugin-autocomplete's hidden command",
  'autocomplete script': "@oclif/plugin-autocomplete's hidden command",
}
/** --debug adds a stack trace to the one line by design; every case already runs without it. */
const GLOBAL_FLAGS_NOT_REQUIRED = new Set(['debug', 'help'])

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

interface ManifestFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  allowNo?: boolean
}
const MANIFEST = JSON.parse(readFileSync(fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url)), 'utf8')) as {
  commands: Record<string, { id: string; flags: Record<string, ManifestFlag> }>
}

describe('the matrix covers every flag of every command in the manifest', () => {
  const commands = Object.values(MANIFEST.commands).map((c) => ({ name: c.id.replaceAll(':', ' '), flags: Object.values(c.flags) }))

  it('every command has cases (or a reason it has none)', () => {
    const missing = commands.filter((c) => !CASES[c.name] && !NOT_IN_MATRIX[c.name]).map((c) => c.name)
    expect(missing, 'commands without cases: add them to CASES').toEqual([])
    // And nothing in the matrix names a command that no longer exists.
    expect(Object.keys(CASES).filter((name) => name !== '(no command)' && !commands.some((c) => c.name === name))).toEqual([])
  })

  it('every value flag is refused in a case of its own, and every switch is used in one', () => {
    const uncovered: string[] = []
    for (const command of commands) {
      const cases = CASES[command.name]
      if (!cases) continue
      const used = (flag: ManifestFlag) =>
        cases.some(([, args]) => args.includes(`--${flag.name}`) || (flag.allowNo && args.includes(`--no-${flag.name}`)) || (flag.char !== undefined && args.includes(`-${flag.char}`)))
      for (const flag of command.flags) {
        if (GLOBAL_FLAGS_NOT_REQUIRED.has(flag.name)) continue
        // A value flag: a case named "--flag …" whose refusal must name it (flagNamed).
        const covered = flag.type === 'option' ? cases.some(([name]) => name === `--${flag.name}` || name.startsWith(`--${flag.name} `)) : used(flag)
        if (!covered) uncovered.push(`${command.name} --${flag.name}`)
      }
    }
    expect(uncovered, 'flags without a case in CASES').toEqual([])
  })
})
