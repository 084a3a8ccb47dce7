import { spawnSync } from 'node:child_process'
import { lstat, readdir, stat, symlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'

/**
 * A device, a FIFO or a symlink to a device as the credentials file, with the long-term key in the
 * config file (the CI idiom AWS_SHARED_CREDENTIALS_FILE=/dev/null): exit 2 naming what it is, the
 * node intact, no lock or temp file beside it, and no wait on a FIFO. No AWS call is reached (the
 * endpoint is a closed loopback port). As root the device is the test's own node (mknod c 1 3), so
 * a regression could never replace the machine's /dev/null.
 */
const CONFIG = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake-secret-TEST-000000000000000000001\nregion = us-east-1\n'

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await Sandbox.create('http://127.0.0.1:9')
  await sandbox.writeConfig(CONFIG)
})
afterEach(() => sandbox.dispose())

async function nodes(): Promise<{ kind: string; path: string; check: () => Promise<boolean> }[]> {
  const dir = dirname(sandbox.credentialsPath)
  const fifo = join(dir, 'fifo')
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
  const list = [{ kind: 'a named pipe (FIFO)', path: fifo, check: async () => (await lstat(fifo)).isFIFO() }]
  const device = process.getuid?.() === 0 && spawnSync('mknod', [join(dir, 'null'), 'c', '1', '3']).status === 0 ? join(dir, 'null') : '/dev/null'
  list.push({ kind: 'a character device', path: device, check: async () => (await lstat(device)).isCharacterDevice() })
  const link = join(dir, 'link-to-device')
  await symlink(device, link)
  list.push({ kind: 'a symbolic link to a character device', path: link, check: async () => (await lstat(link)).isSymbolicLink() && (await stat(link)).isCharacterDevice() })
  return list
}

describe('odd files as the credentials file', () => {
  it('login, init and rotate refuse each with exit 2 and leave the node intact', async () => {
    const before = await readdir(dirname(sandbox.credentialsPath))
    for (const node of await nodes()) {
      for (const args of [['login', 'default', '--token-code', '123456'], ['init', 'default'], ['rotate', 'default', '--yes']]) {
        const run = await sandbox.iamkit([...args, '--timeout', '2'], { env: { AWS_SHARED_CREDENTIALS_FILE: node.path } })
        expect(run.code, `${args[0]} with ${node.kind}: ${run.stderr}`).toBe(2)
        expect(run.stderr).toBe(`iamkit: ${node.path} is ${node.kind}, not a regular file; iamkit uses the credentials file (AWS_SHARED_CREDENTIALS_FILE) only as a regular file: point it at one\n`)
        expect(await node.check(), `${node.kind} is intact`).toBe(true)
      }
    }
    const after = (await readdir(dirname(sandbox.credentialsPath))).filter((f) => !before.includes(f))
    expect(after.sort()).toEqual(['fifo', 'link-to-device', ...(process.getuid?.() === 0 ? ['null'] : [])].sort())
  })
})

describe('a [NAME-sts] section that is not an iamkit session', () => {
  it('login refuses to overwrite it (exit 2, the section named, the file byte-identical), before any code or call', async () => {
    const text = `[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake-secret-TEST-000000000000000000001\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n\n[default-sts]\naws_access_key_id = AKIAFAKEFAKEFAKE0002\naws_secret_access_key = another-long-term-TEST-0000000000000002\n`
    await sandbox.writeCredentials(text)
    await sandbox.writeConfig('')
    const run = await sandbox.iamkit(['login', 'default', '--mfa-command', 'false', '--timeout', '2'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `iamkit: [default-sts] in ${sandbox.credentialsPath} holds an access key that is not an iamkit session (no aws_session_token and expiration), and "iamkit login default" would overwrite it; rename that section (it may be a long-term key) and run again\n`,
    )
    expect(await sandbox.readCredentials()).toBe(text)
  })
})
