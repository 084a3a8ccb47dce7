/**
 * `npm run demo`: iamkit's main job end to end, with no AWS account. Starts moto (a local AWS
 * API emulator) on loopback, creates an IAM user with an MFA device in it, writes that user's
 * key into a throw-away HOME, then runs init → login → exec aws sts get-caller-identity.
 */
import { MotoAccount, credentialsSection } from '../test/support/moto-account.js'
import { motoUnavailableReason, startMoto } from '../test/support/moto.js'
import { type RunResult, Sandbox } from '../test/support/sandbox.js'

const unavailable = motoUnavailableReason()
if (unavailable) {
  console.error(`The demo needs moto, a local AWS emulator: ${unavailable}.`)
  process.exit(1)
}

const bold = process.stdout.isTTY && !process.env.NO_COLOR
const say = (text: string) => console.log(bold ? `\n\x1b[1m${text}\x1b[0m` : `\n${text}`)
const show = (command: string, result: RunResult) => {
  console.log(`$ ${command}`)
  process.stdout.write(result.stdout)
  process.stdout.write(result.stderr)
  if (result.code !== 0) throw new Error(`"${command}" exited with ${result.code}`)
}
const hideSecrets = (text: string) => text.replace(/^(aws_secret_access_key|aws_session_token)( = ).*$/gm, '$1$2…(secret, not shown)')

const moto = await startMoto()
const sandbox = await Sandbox.create(moto.endpoint)
try {
  say(`moto is serving the AWS API on ${moto.endpoint}; HOME is the throw-away ${sandbox.home}`)
  const account = new MotoAccount(moto.endpoint)
  const alice = await account.createUser('alice', { path: '/engineering/', mfaDevices: 1 })
  account.destroy()
  await sandbox.writeCredentials(`# alice's long-term key, as "aws configure" would write it\n${credentialsSection('default', alice)}`)
  say('1. init: ask AWS who this key belongs to and which MFA device the user has')
  show('iamkit init default', await sandbox.iamkit(['init', 'default']))

  say('2. login: trade the long-term key and an MFA code for temporary credentials (moto accepts any 6-digit code)')
  show('iamkit login default --token-code 123456', await sandbox.iamkit(['login', 'default', '--token-code', '123456']))

  say('3. exec: run a command with the temporary credentials in its environment (the stored session is reused, no code asked)')
  show('iamkit exec default -- aws sts get-caller-identity', await sandbox.iamkit(['exec', 'default', '--', 'aws', 'sts', 'get-caller-identity']))

  console.log('(moto answers GetSessionToken with fixed example credentials, so it names the caller "user/moto"; AWS names alice.)')
  say('The AWS CLI reads what iamkit wrote:')
  show('aws configure get mfa_serial --profile default', await sandbox.aws(['configure', 'get', 'mfa_serial', '--profile', 'default']))
  show('aws configure get expiration --profile default-sts', await sandbox.aws(['configure', 'get', 'expiration', '--profile', 'default-sts']))

  say(`${sandbox.credentialsPath} now reads (secrets hidden here):`)
  console.log(hideSecrets(await sandbox.readCredentials()))
  say('Done. With a real account: iamkit init default, then iamkit login default, then aws … --profile default-sts.')
} finally {
  await sandbox.dispose()
  await moto.stop()
}
