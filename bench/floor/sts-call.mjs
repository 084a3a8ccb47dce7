// The floor for a Node tool: the smallest program that makes the same STS call with the same
// SDK against the same endpoint, credentials and inputs from the environment, and prints the
// answer. `node bench/floor/sts-call.mjs get-session-token|assume-role`.
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'

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
const out = await client.send(command)
process.stdout.write(`${JSON.stringify({ AccessKeyId: out.Credentials?.AccessKeyId, Expiration: out.Credentials?.Expiration })}\n`)
client.destroy()
