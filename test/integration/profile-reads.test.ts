import { writeFile } from 'node:fs/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { credentialsSection, MotoAccount } from '../support/moto-account.js'
import { type MotoServer, motoUnavailableReason, startMoto } from '../support/moto.js'
import { profileOpens, straceUnavailableReason } from '../support/profile-opens.js'
import { Sandbox } from '../support/sandbox.js'

const skip = motoUnavailableReason() ?? straceUnavailableReason()

/**
 * Issue 12 item 5: a command run reads each profile file once. A file is read again only holding
 * a lock that needs it: the credentials file under a renewal's lock (a concurrent caller may have
 * stored a session meanwhile) and under its own lock for each rewrite; the config file under its
 * own lock for a rewrite, and both files under the credentials lock in `vault` commands, which
 * write both under it. The kernel counts the opens (strace -f: every thread and child, the AWS
 * SDK's own reads included), so no way of reading can hide. One sandbox goes through every
 * command in order, as a person would; each row says which reads the count holds.
 */
describe.skipIf(skip)(`profile files read once per command run${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // One moto for the whole sequence (sharedMoto would empty it before each step).
  let moto: MotoServer
  let sandbox: Sandbox
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    moto = await startMoto()
    const account = new MotoAccount(moto.endpoint)
    const alice = await account.createUser('alice', { mfaDevices: 1 })
    const roleArn = await account.createRole('Reader', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }] })
    account.destroy()
    sandbox = await Sandbox.create(moto.endpoint)
    await sandbox.writeCredentials(credentialsSection('default', alice))
    await sandbox.writeConfig(`[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\n`)
    env = {
      AWS_MAX_ATTEMPTS: '1',
      IAMKIT_VAULT_PASSPHRASE: 'correct horse battery staple',
      IAMKIT_VAULT_SCRYPT_LOG2N: '12',
      // Nothing listens there: console fails after its reads, without leaving loopback.
      IAMKIT_SIGNIN_ENDPOINT: 'http://127.0.0.1:9/federation',
    }
  })
  afterAll(async () => {
    await sandbox?.dispose()
    await moto?.stop()
  })

  const expireRoleSession = async () =>
    writeFile(sandbox.credentialsPath, (await sandbox.readCredentials()).replace(/(\[admin-sts\][^[]*?expiration = )\S+/, '$12020-01-01T00:00:00Z'))

  // [args, exit code, opens of the credentials file, of the config file, what the count holds]
  const RUNS: [string[], number, number, number, string][] = [
    [['init', 'default'], 0, 2, 1, 'one read; username and mfa_serial written under the lock'],
    [['login', 'default', '--token-code', '123456'], 0, 3, 1, 'one read; the renewal lock’s re-read; the session written under the lock'],
    [['login', 'admin'], 0, 3, 1, 'the same for the role, signed with the stored MFA session'],
    [['credential-process', 'admin'], 0, 1, 1, 'bin/run.js’s fast path (main.cjs): the stored session'],
    [['credential-process', '--', 'admin'], 0, 1, 1, 'the oclif command: the stored session'],
    [['credential-process', 'admin', 'EXPIRED'], 0, 3, 1, 'main.cjs’s read, handed to credential-process-run.cjs; the renewal lock’s re-read; the write'],
    [['credential-process', 'nobody'], 2, 1, 1, 'an unknown profile, reported by credential-process-run.cjs from main.cjs’s read'],
    [['exec', 'admin', '--', 'true', 'EXPIRED'], 0, 3, 1, 'a renewal, then the command'],
    [['exec', 'admin', '--', 'true'], 0, 1, 1, 'the stored session'],
    [['status', '--check'], 0, 1, 1, 'the files, then IAM'],
    [['console', 'admin', '--print'], 1, 1, 1, 'the role session, then the (absent) sign-in endpoint'],
    [['audit', '--json', '--no-service-usage', '--profile', 'default'], 0, 1, 1, 'iamkit’s read; the SDK’s config loaders get the same text, not a read'],
    [['audit', '--json', '--no-service-usage'], 0, 1, 1, 'no profile: iamkit reads nothing, the SDK’s default chain and config loaders read each file once'],
    [['rotate', 'default', '--token-code', '123456'], 0, 3, 1, 'one read; the key checked under the rotation’s lock; the new key written under the lock'],
    [['vault', 'import', 'default', '--backend', 'file'], 0, 3, 3, 'one read; both files under the credentials lock; the config line written; the key lines removed'],
    [['vault', 'list'], 0, 1, 1, 'the files'],
    [['vault', 'export', 'default', '--yes'], 0, 3, 2, 'one read; the key lines written; read back under the lock; the config line removed'],
    [['vault', 'import', 'default', '--backend', 'file'], 0, 3, 3, 'again, for remove'],
    [['vault', 'remove', 'default', '--yes'], 0, 1, 2, 'one read; the config line removed under the lock'],
    [['logout', 'admin'], 0, 2, 1, 'one read; the session removed under the lock'],
    [['policy', 'mfa-required'], 0, 0, 0, 'no profile file'],
    [['--help'], 0, 0, 0, 'no profile file'],
    [['--version'], 0, 0, 0, 'no profile file'],
  ]

  it.each(RUNS)('iamkit %j exits %i, opening the credentials file %i and the config file %i times: %s', async (args, code, credentials, config) => {
    if (args.at(-1) === 'EXPIRED') {
      args = args.slice(0, -1)
      await expireRoleSession()
    }
    const opens = await profileOpens(args, { ...sandbox.env, ...env }, { credentials: sandbox.credentialsPath, config: sandbox.configPath })
    expect(opens.result.code, opens.result.stderr).toBe(code)
    expect({ credentials: opens.credentials, config: opens.config }).toEqual({ credentials, config })
  })

})
