import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IAMKIT_BIN, run, Sandbox } from '../support/sandbox.js'

const PROBE = fileURLToPath(new URL('../fixtures/count-aws-sdk-modules.cjs', import.meta.url))

/** Start-up time is benchmarked: commands that make no AWS call must not load the SDK. */
describe('the AWS SDK stays off the start-up path', () => {
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
    return { sdk: Number(/aws-sdk-modules-loaded: (\d+)/.exec(result.stderr)?.[1]), iamData: Number(/iam-data-files-read: (\d+)/.exec(result.stderr)?.[1]) }
  }
  const loaded = async (args: string[]) => (await probe(args)).sdk

  it.each([[['--version']], [['--help']], [['login', '--help']], [['credential-process', 'default']], [['login', 'default', '--format', 'env']], [['rotate', '--help']]])(
    'iamkit %j loads no AWS SDK module',
    async (args) => {
      expect(await loaded(args)).toBe(0)
    },
  )

  // AWS's service authorization data (11 MB of JSON) is for the commands that judge policies.
  it.each([[['--version']], [['credential-process', 'default']], [['login', 'default', '--format', 'env']], [['exec', 'default', '--', process.execPath, '-e', '0']], [['rotate', 'default', '--dry-run']]])(
    'iamkit %j reads none of the IAM data',
    async (args) => {
      expect((await probe(args)).iamData).toBe(0)
    },
  )

  it('while a command that writes a policy does (so the probe sees it)', async () => {
    expect((await probe(['policy', 'user', '--role-arn', 'arn:aws:iam::123456789012:role/Dev'])).iamData).toBeGreaterThan(0)
  })

  it('while a command that calls AWS does (so the probe sees them)', async () => {
    expect(await loaded(['init', 'default'])).toBeGreaterThan(0)
  })
})
