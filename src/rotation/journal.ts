import { readdir, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { registerSecret } from '../redact.js'
import { SystemError } from '../errors.js'
import { fsyncDir, writeFileAtomically } from '../profiles/atomic-write.js'
import { readRegularFile } from '../profiles/regular-file.js'
import type { JournalSecrets } from '../profiles/key-store.js'

/**
 * What a rotation in progress has to remember on disk so that a crash at any point can be
 * finished or undone by the next `iamkit rotate` (SPEC §5). It is written twice:
 * - before iam:CreateAccessKey, without a key: which keys existed, so a key that appears without
 *   its answer (crash, dropped connection, or another tool) is recognised as unproven, not ours;
 * - as soon as CreateAccessKey answers, with the new key and its secret, before anything else.
 */
export interface RotationRecord {
  profile: string
  account: string
  userArn: string
  userName: string
  /** The key the profile held when the rotation started. */
  oldAccessKeyId: string
  /**
   * Its secret, because step 6 overwrites the file's copy while the old key may stay Active until
   * step 7 is done: no Active key's secret may exist nowhere.
   */
  oldSecretAccessKey: string
  /** Every key the user had just before CreateAccessKey. */
  keysBefore: string[]
  keepOld: boolean
  startedAt: string
  newKey?: { accessKeyId: string; secretAccessKey: string; createDate: string }
}

/** The file: the record, or for a vault profile the record less its two secrets and where they are. */
type JournalFile = (RotationRecord | WithoutSecrets) & { about: string; version: 1 }

interface WithoutSecrets extends Omit<RotationRecord, 'oldSecretAccessKey' | 'newKey'> {
  newKey?: { accessKeyId: string; createDate: string }
  /** The kind of the key store that keeps the secrets (`keychain`, `file`). */
  secretsIn: string
}

const SUFFIX = '.json'

/**
 * The journal file of one profile's rotation: `<credentials file>.iamkit-rotate.<profile>.json`,
 * beside the credentials file so it shares its folder, its owner and its backups. Mode 0600,
 * written atomically and fsynced, because it holds a secret access key.
 */
export class RotationJournal {
  readonly path: string

  /**
   * `secrets`: for a vault profile, the store that keeps the journal's secrets sealed (SPEC §8);
   * the file then holds only key ids. Without it they are in the file, as for a plain profile.
   */
  constructor(
    private readonly credentialsPath: string,
    readonly profile: string,
    private readonly secrets?: JournalSecrets,
  ) {
    this.path = join(dirname(credentialsPath), `${prefixOf(credentialsPath)}${encodeURIComponent(profile)}${SUFFIX}`)
  }

  async read(): Promise<RotationRecord | undefined> {
    const bytes = readRegularFile(this.path, 'a rotation journal')
    if (bytes === undefined) return undefined
    const parsed = parseRecord(bytes.toString('utf8'))
    if (!parsed || parsed.record.profile !== this.profile) {
      throw new SystemError(
        'BAD_JOURNAL',
        `${this.path} is not a rotation journal iamkit can read; it may hold an access key's secret: inspect it, then move it away and run iamkit rotate ${this.profile} again`,
      )
    }
    const record = parsed.secretsIn ? await this.withSealedSecrets(parsed.record, parsed.secretsIn) : parsed.record
    registerSecret(record.oldSecretAccessKey)
    registerSecret(record.newKey?.secretAccessKey)
    return record
  }

  /** The sealed secrets are stored before the file that points at them, so a file never points at nothing. */
  async write(record: RotationRecord): Promise<void> {
    const about = `iamkit rotate ${record.profile} in progress. Holds the old and new access keys until the rotation completes; the next "iamkit rotate ${record.profile}" finishes or undoes it. Do not delete it by hand.`
    let body: RotationRecord | WithoutSecrets = record
    if (this.secrets) {
      const { oldSecretAccessKey, newKey, ...rest } = record
      await this.secrets.write({ oldSecretAccessKey, ...(newKey ? { newSecretAccessKey: newKey.secretAccessKey } : {}) })
      body = { ...rest, ...(newKey ? { newKey: { accessKeyId: newKey.accessKeyId, createDate: newKey.createDate } } : {}), secretsIn: this.secrets.kind }
    }
    const file: JournalFile = { about, version: 1, ...body }
    await writeFileAtomically(this.path, `${JSON.stringify(file, null, 2)}\n`)
  }

  /** The file goes first: sealed secrets left without a file are overwritten by the next rotation. */
  async remove(): Promise<void> {
    try {
      await unlink(this.path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    await fsyncDir(dirname(this.path))
    await this.secrets?.remove()
  }

  private async withSealedSecrets(record: RotationRecord, secretsIn: string): Promise<RotationRecord> {
    const sealed = this.secrets?.kind === secretsIn ? await this.secrets.read() : undefined
    const old = sealed?.oldSecretAccessKey
    const fresh = sealed?.newSecretAccessKey
    if (!old || (record.newKey && !fresh)) {
      throw new SystemError(
        'BAD_JOURNAL',
        `${this.path} keeps its secrets in the ${secretsIn} vault, which does not hold them${this.secrets ? '' : ' (the profile is no longer a vault profile)'}; set iamkit_vault = ${secretsIn} on the profile again, or move the journal away and check the user's keys with "aws iam list-access-keys"`,
      )
    }
    return { ...record, oldSecretAccessKey: old, ...(record.newKey ? { newKey: { ...record.newKey, secretAccessKey: fresh! } } : {}) }
  }

  /** Profiles other than this one whose rotation was interrupted (their journals remain). */
  async otherInterruptedProfiles(): Promise<string[]> {
    const prefix = prefixOf(this.credentialsPath)
    const names = await readdir(dirname(this.path)).catch(() => [] as string[])
    return names
      .filter((n) => n.startsWith(prefix) && n.endsWith(SUFFIX))
      .map((n) => safeDecode(n.slice(prefix.length, -SUFFIX.length)))
      .filter((p): p is string => p !== undefined && p !== this.profile)
      .sort()
  }
}

function prefixOf(credentialsPath: string): string {
  return `${basename(credentialsPath)}.iamkit-rotate.`
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function parseRecord(text: string): { record: RotationRecord; secretsIn?: string } | undefined {
  let data: Partial<RotationRecord & { about: string; version: 1; secretsIn: string }>
  try {
    data = JSON.parse(text) as typeof data
  } catch {
    return undefined
  }
  const strings = [data.profile, data.account, data.userArn, data.userName, data.oldAccessKeyId, data.startedAt]
  if (data.version !== 1 || strings.some((s) => typeof s !== 'string') || !Array.isArray(data.keysBefore)) return undefined
  const sealed = typeof data.secretsIn === 'string'
  if (!sealed && typeof data.oldSecretAccessKey !== 'string') return undefined
  if (data.newKey && (typeof data.newKey.accessKeyId !== 'string' || (!sealed && typeof data.newKey.secretAccessKey !== 'string'))) return undefined
  const { about: _about, version: _version, secretsIn, ...record } = data as RotationRecord & { about: string; version: 1; secretsIn?: string }
  return { record, ...(sealed ? { secretsIn } : {}) }
}

/** Clock skew between this machine and AWS that key creation dates may show. */
const SKEW_MS = 5 * 60_000
/** A rotation creates its key within minutes of journaling its intent. */
const CREATION_WINDOW_MS = 15 * 60_000

/**
 * The keys that appeared while the journaled rotation ran and that it does not hold the secret
 * of: a CreateAccessKey whose answer never arrived (a crash or a dropped connection after IAM
 * acted), or a key another tool made meanwhile. The journal cannot tell these apart, so they
 * are never deleted (see take-back.ts). A key made after the window, by anyone, is not counted.
 */
export function keysThatAppearedDuring<K extends { accessKeyId: string; createDate: Date }>(record: RotationRecord, keys: K[]): K[] {
  const started = Date.parse(record.startedAt)
  return keys.filter((k) => {
    if (k.accessKeyId === record.newKey?.accessKeyId) return false
    if (record.keysBefore.includes(k.accessKeyId) || k.accessKeyId === record.oldAccessKeyId) return false
    const created = k.createDate.getTime()
    return created >= started - SKEW_MS && created <= started + CREATION_WINDOW_MS
  })
}
