import { spawn } from 'node:child_process'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'

import { ACCOUNT_ID, ADMIN_KEYS } from './moto-account.js'
import { IAMKIT_BIN, type Sandbox } from './sandbox.js'
import { SsoFake } from './sso-fake.js'

export const START_URL = 'https://corp.awsapps.com/start'

/** An SSO profile in the sso_session form, a legacy one, and a role that chains through the first. */
export const SSO_CONFIG = `[profile sso-dev]
sso_session = dev
sso_account_id = ${ACCOUNT_ID}
sso_role_name = Developer
region = eu-west-1

[sso-session dev]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile sso-legacy]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = ${ACCOUNT_ID}
sso_role_name = Developer

[profile sso-admin]
role_arn = arn:aws:iam::${ACCOUNT_ID}:role/Admin
source_profile = sso-dev
`

/**
 * The IAM Identity Center fake whose role sessions are real moto sessions: GetRoleCredentials
 * answers with credentials from sts:AssumeRole in moto, so the AWS CLI and iamkit can use them
 * against moto afterwards.
 */
export async function startSsoFake(motoEndpoint: string): Promise<{ fake: SsoFake; sts: STSClient }> {
  const sts = new STSClient({ region: 'us-east-1', endpoint: motoEndpoint, credentials: ADMIN_KEYS, maxAttempts: 1 })
  const fake = await SsoFake.start({
    startUrl: START_URL,
    assignments: [`${ACCOUNT_ID}/Developer`],
    mintRoleCredentials: async (accountId, roleName) => {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'alice@corp.example' }))
      const c = out.Credentials!
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! }
    },
  })
  return { fake, sts }
}

/** The environment aimed at the fake for SSO (moto for the rest comes from the sandbox); no desktop. */
export function ssoEnv(fake: SsoFake): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL_SSO: fake.endpoint, AWS_ENDPOINT_URL_SSO_OIDC: fake.endpoint }
}

/** A `$BROWSER` that only records the URLs it is given: `env` to add, and the file it writes. */
export async function installRecordingBrowser(sandbox: Sandbox): Promise<{ env: NodeJS.ProcessEnv; opened: string }> {
  const script = join(sandbox.home, 'record-url')
  const opened = join(sandbox.home, 'opened-urls')
  await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> "${opened}"\n`)
  await chmod(script, 0o755)
  return { env: { BROWSER: script }, opened }
}

/** `iamkit <args>` on a pseudo-terminal (through `script`), as a person runs it: stdin and stderr are a TTY. */
export function iamkitOnTerminal(sandbox: Sandbox, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, IAMKIT_BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...sandbox.env, ...env } })
  let screen = ''
  child.stdout.on('data', (chunk) => (screen += chunk))
  child.stderr.on('data', (chunk) => (screen += chunk))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, screen })))
}
