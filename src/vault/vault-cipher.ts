import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * The file backend's cryptography, all of it Node's own: a 256-bit key derived from the
 * passphrase with scrypt, and AES-256-GCM (a fresh 96-bit nonce per seal) for each entry. Each
 * sealed entry is bound to its name through GCM's associated data, so entries cannot be swapped.
 */
export interface ScryptParams {
  name: 'scrypt'
  /** Base64 of 16 random bytes, made once per vault file. */
  salt: string
  /** CPU/memory cost (a power of two); memory is 128 × N × r bytes. */
  N: number
  r: number
  p: number
}

export interface Sealed {
  iv: string
  ciphertext: string
  tag: string
}

/** N = 2^16, r = 8: 64 MiB and about a quarter of a second on a laptop, once per process. */
export const DEFAULT_LOG2_N = 16
const KEY_BYTES = 32
const IV_BYTES = 12

export function newScryptParams(log2N = DEFAULT_LOG2_N): ScryptParams {
  return { name: 'scrypt', salt: randomBytes(16).toString('base64'), N: 2 ** log2N, r: 8, p: 1 }
}

/** Parameters read from a file, checked so a crafted file cannot make scrypt eat the machine. */
export function isSaneScryptParams(params: unknown): params is ScryptParams {
  const p = params as Partial<ScryptParams> | undefined
  return (
    p?.name === 'scrypt' &&
    typeof p.salt === 'string' &&
    Buffer.from(p.salt, 'base64').length >= 16 &&
    Number.isInteger(p.N) &&
    p.N! >= 2 ** 10 &&
    p.N! <= 2 ** 22 &&
    (p.N! & (p.N! - 1)) === 0 &&
    Number.isInteger(p.r) &&
    p.r! >= 1 &&
    p.r! <= 32 &&
    p.p === 1
  )
}

export function deriveKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r + 16 * 1024 * 1024
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export function seal(key: Buffer, name: string, plaintext: string): Sealed {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(name, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return { iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') }
}

/** The plaintext, or undefined when the entry fails authentication (wrong key or changed bytes). */
export function open(key: Buffer, name: string, sealed: Sealed): string | undefined {
  try {
    const tag = Buffer.from(sealed.tag, 'base64')
    if (tag.length !== 16) return undefined
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
    decipher.setAAD(Buffer.from(name, 'utf8'))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

export function isSealed(value: unknown): value is Sealed {
  const v = value as Partial<Sealed> | undefined
  return typeof v?.iv === 'string' && typeof v.ciphertext === 'string' && typeof v.tag === 'string'
}

/** Compares two secrets without leaking where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
