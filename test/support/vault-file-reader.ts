import { createDecipheriv, scryptSync } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * An independent reader of the vault file, written from docs/vault.md's description of the
 * format (not from src/vault), so a test proves what is on disk rather than what iamkit's own
 * code reads back: scrypt(passphrase, salt, N, r, p) → 32 bytes; each entry AES-256-GCM with
 * the entry's name as associated data.
 */
export async function readVaultFile(path: string, passphrase: string): Promise<Record<string, string>> {
  const document = JSON.parse(await readFile(path, 'utf8'))
  const { salt, N, r, p } = document.kdf
  const key = scryptSync(passphrase, Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: 256 * 1024 * 1024 })
  const out: Record<string, string> = {}
  for (const [name, entry] of Object.entries(document.entries as Record<string, { iv: string; ciphertext: string; tag: string }>)) {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(entry.iv, 'base64'))
    decipher.setAAD(Buffer.from(name))
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'))
    out[name] = Buffer.concat([decipher.update(Buffer.from(entry.ciphertext, 'base64')), decipher.final()]).toString('utf8')
  }
  return out
}

/** The key a vault file holds for a profile, or undefined. */
export async function vaultKey(path: string, passphrase: string, profile: string): Promise<{ accessKeyId: string; secretAccessKey: string } | undefined> {
  const entries = await readVaultFile(path, passphrase).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return {} as Record<string, string>
    throw err
  })
  const text = entries[`key/${profile}`]
  return text === undefined ? undefined : JSON.parse(text)
}

/** Every file under `dir` (temp files, locks, journals included) whose bytes contain one of `secrets`. */
export async function filesContaining(dir: string, secrets: string[]): Promise<string[]> {
  const found: string[] = []
  const wanted = secrets.filter((s) => s.length >= 8)
  async function walk(current: string) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) {
        const bytes = await readFile(path).catch(() => Buffer.alloc(0))
        if (wanted.some((s) => bytes.includes(s))) found.push(path)
      }
    }
  }
  await walk(dir)
  return found
}
