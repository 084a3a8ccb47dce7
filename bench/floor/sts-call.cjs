// bench/floor/sts-call.mjs as CommonJS: the same program, the SDK loaded with require(). Node's
// ES module loader parses every CommonJS file it imports for its export names, and the SDK's
// build is CommonJS, so an ES module making the call starts slower than this one does; this is
// the lower floor. `node bench/floor/sts-call.cjs get-session-token|assume-role`.
const { AssumeRoleCommand, GetSessionTokenCommand, STSClient } = require('@aws-sdk/client-sts')

const env = process.env
const client = new STSClient({
  region: 'us-east-1',
  endpoint: env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: env.FLOOR_KEY_ID, secretAccessKey: env.FLOOR_SECRET, sessionToken: env.FLOOR_TOKEN || undefined },
})
const command =
  process.argv[2] === 'assume-role'
    ? new AssumeRoleCommand({ RoleArn: env.FLOOR_ROLE_ARN, RoleSessionName: 'floor', DurationSeconds: 3600 })
    : new GetSessionTokenCommand({ SerialNumber: env.FLOOR_MFA_SERIAL, TokenCode: '123456' })
client.send(command).then((out) => {
  process.stdout.write(`${JSON.stringify({ AccessKeyId: out.Credentials?.AccessKeyId, Expiration: out.Credentials?.Expiration })}\n`)
  client.destroy()
})
