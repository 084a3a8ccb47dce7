import type { Credentials } from '../aws/switchable-credentials.js'
import { SystemError } from '../errors.js'
import { registerSecret } from '../redact.js'

/** How a long-term key is kept in a backend entry: one small JSON document. */
export function encodeKey(key: Credentials): string {
  return JSON.stringify({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey })
}

export function decodeKey(text: string, where: string): Credentials {
  let data: Partial<Credentials>
  try {
    data = JSON.parse(text) as Partial<Credentials>
  } catch {
    data = {}
  }
  if (typeof data.accessKeyId !== 'string' || typeof data.secretAccessKey !== 'string' || !data.accessKeyId || !data.secretAccessKey) {
    throw new SystemError('VAULT_ENTRY_MALFORMED', `${where} is not an access key iamkit stored; export or remove it and import the key again`)
  }
  registerSecret(data.secretAccessKey)
  return { accessKeyId: data.accessKeyId, secretAccessKey: data.secretAccessKey }
}
