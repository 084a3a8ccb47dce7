import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IAMKIT_BIN, run, Sandbox } from '../support/sandbox.js'

const PROBE = fileURLToPath(new URL('../fixtures/count-aws-sdk-modules.cjs', import.meta.url))

/**
 * Start-up time is benchmarked (docs/benchmarks.md): commands that make no AWS call must not
 * load the SDK, bin/run.js's fast path (credential-process with a stored session, --version)
 * must not load oclif either, and only commands that judge policies read AWS's IAM data.
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
    const result = await run(process.execPath, ['--require', PROBE, IAMKIT_BIN, ...args], { ...sandbox.env, AWS_MAX_ATTEMPTS: '1' })
    const count = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(result.stderr)?.[1])
    return { sdk: count('aws-sdk-modules-loaded'), oclif: count('oclif-modules-loaded'), iamData: count('iam-data-files-read') }
  }

  it.each([[['--help']], [['login', '--help']], [['login', 'default', '--format', 'env']], [['rotate', '--help']], [['status']], [['logout', 'default']], [['policy', 'mfa-required']]])(
    'iamkit %j loads no AWS SDK module',
    async (args) => {
      expect((await probe(args)).sdk).toBe(0)
    },
  )

  it.each([[['--version']], [['credential-process', 'default']], [['credential-process', 'default', '--json', '--region', 'eu-west-1']]])(
    'iamkit %j loads neither oclif nor the AWS SDK',
    async (args) => {
      const loaded = await probe(args)
      expect({ sdk: loaded.sdk, oclif: loaded.oclif }).toEqual({ sdk: 0, oclif: 0 })
    },
  )

  // AWS's service authorization data (11 MB of JSON) is for the commands that judge policies.
  it.each([[['--version']], [['credential-process', 'default']], [['login', 'default', '--format', 'env']], [['exec', 'default', '--', process.execPath, '-e', '0']], [['rotate', 'default', '--dry-run']], [['status']]])(
    'iamkit %j reads none of the IAM data',
    async (args) => {
      expect((await probe(args)).iamData).toBe(0)
    },
  )

  it('while a command that writes a policy reads it (so the probe sees it)', async () => {
    expect((await probe(['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/Dev'])).iamData).toBeGreaterThan(0)
  })

  it('while a command that calls AWS loads the SDK, and the oclif path loads oclif (so the probe sees both)', async () => {
    expect((await probe(['init', 'default'])).sdk).toBeGreaterThan(0)
    expect((await probe(['credential-process', '--help'])).oclif).toBeGreaterThan(0)
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
})
