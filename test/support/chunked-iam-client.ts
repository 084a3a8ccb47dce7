import { Readable } from 'node:stream'

import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam'

import { answerCheck } from '../../src/aws/attempt-guard.js'
import { timeoutsFor } from '../../src/aws/timeouts.js'

/**
 * An IAM client whose "network" answers each request with the XML `answerFor` gives for its
 * query parameters, `chunk` bytes at a time, through iamkit's answer check as the client factory
 * installs it (which streams 2xx answers into the readers that ask for them). No socket: what it
 * does not prove is how a real connection splits the bytes.
 */
export function chunkedIamClient(answerFor: (params: URLSearchParams) => string, chunk: number): IAMClient {
  const client = new IAMClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body: string }) => {
        const bytes = Buffer.from(answerFor(new URLSearchParams(request.body)))
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from(chunks(bytes, chunk)) } }
      },
    },
  } as unknown as IAMClientConfig)
  client.middlewareStack.add(answerCheck(timeoutsFor(30)) as never, { step: 'deserialize', priority: 'low', name: 'iamkitAnswerCheck' })
  return client
}

function* chunks(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}
