import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'
import { redact } from '../../../src/redact.js'

let dir: string
let store: ProfileStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamkit-store-'))
  store = new ProfileStore({ credentials: join(dir, 'aws', 'credentials'), config: join(dir, 'aws', 'config') })
  await mkdir(join(dir, 'aws'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('ProfileStore.read', () => {
  it('merges both files with the credentials file winning key by key, as botocore does', async () => {
    await writeFile(store.paths.config, '[default]\nregion = us-west-2\n\n[profile work]\nregion = eu-west-1\noutput = json\n\n[notaprofile]\nregion = x\n')
    await writeFile(store.paths.credentials, '[work]\nregion = eu-central-1\naws_access_key_id = AKIAFAKEFAKEFAKE0001\n')
    const snapshot = await store.read()
    expect(snapshot.profile('work')?.settings).toEqual({ region: 'eu-central-1', output: 'json', aws_access_key_id: 'AKIAFAKEFAKEFAKE0001' })
    expect(snapshot.profile('default')?.settings).toEqual({ region: 'us-west-2' })
    expect(snapshot.profile('notaprofile')).toBeUndefined()
    expect(snapshot.names()).toEqual(['default', 'work'])
  })

  it('treats missing files as empty and names both paths for an unknown profile', async () => {
    const snapshot = await store.read()
    expect(() => snapshot.require('ghost')).toThrow(`profile "ghost" is not in ${store.paths.credentials} or ${store.paths.config}`)
  })

  it('reports a file botocore would reject with its path and line, and never rewrites it', async () => {
    const text = '[default]\nx = 1\n[default]\n'
    await writeFile(store.paths.credentials, text)
    await expect(store.updateCredentials((doc) => doc.set('default', 'y', '2'))).rejects.toThrow(`${store.paths.credentials}:3: section [default] appears twice`)
    expect(await readFile(store.paths.credentials, 'utf8')).toBe(text)
  })

  it('reports a directory in place of the file as bad input', async () => {
    await mkdir(store.paths.credentials)
    const report = reportFor(await store.read().catch((err) => err))
    expect(report).toMatchObject({ exitCode: 2, code: 'NOT_A_REGULAR_FILE' })
    expect(report.message).toContain(store.paths.credentials)
  })
})

describe('ProfileStore.updateCredentials', () => {
  it('creates ~/.aws 0700 and the file 0600, and no other missing folder', async () => {
    const home = process.env.HOME
    process.env.HOME = dir
    try {
      const inHome = new ProfileStore({ credentials: join(dir, '.aws', 'credentials'), config: join(dir, '.aws', 'config') })
      await inHome.updateCredentials((doc) => doc.set('default', 'username', 'alice'))
      expect((await stat(join(dir, '.aws'))).mode & 0o777).toBe(0o700)
      expect((await stat(inHome.paths.credentials)).mode & 0o777).toBe(0o600)
      expect(await readFile(inHome.paths.credentials, 'utf8')).toBe('[default]\nusername = alice\n')

      await rm(join(dir, 'aws'), { recursive: true })
      const report = reportFor(await store.updateCredentials((doc) => doc.set('default', 'username', 'alice')).catch((e) => e))
      expect(report).toMatchObject({ exitCode: 2, code: 'NO_SUCH_FOLDER' })
      expect(report.message).toBe(`the folder ${join(dir, 'aws')} does not exist; create it first (iamkit creates only ~/.aws and ~/.aws/sso/cache)`)
      await expect(stat(join(dir, 'aws'))).rejects.toThrow(/ENOENT/)
    } finally {
      process.env.HOME = home
    }
  })

  it('keeps a stricter mode and tightens a looser one to 0600', async () => {
    await writeFile(store.paths.credentials, '[a]\n')
    await chmod(store.paths.credentials, 0o644)
    await store.updateCredentials((doc) => doc.set('a', 'k', '1'))
    expect((await stat(store.paths.credentials)).mode & 0o777).toBe(0o600)
    await chmod(store.paths.credentials, 0o400)
    await store.updateCredentials((doc) => doc.set('a', 'k', '2'))
    expect((await stat(store.paths.credentials)).mode & 0o777).toBe(0o400)
  })

  it('does not write when nothing changed, and does not create a missing file', async () => {
    await store.updateCredentials(() => {})
    await expect(stat(store.paths.credentials)).rejects.toThrow(/ENOENT/)
  })

  it('serialises concurrent writers in one process (no lost update)', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.updateCredentials((doc) => doc.set(`p${i}`, 'n', String(i)))))
    const snapshot = await store.read()
    for (let i = 0; i < 20; i++) expect(snapshot.profile(`p${i}`)?.settings.n).toBe(String(i))
  })

  it('loses nothing with 20 concurrent iamkit processes writing different profiles', async () => {
    const comment = '# keep this comment\n[other]\nregion = eu-west-1\n'
    await writeFile(store.paths.credentials, comment)
    const storeModule = fileURLToPath(new URL('../../../dist/profiles/profile-store.js', import.meta.url))
    const script = (i: number) =>
      `const { ProfileStore } = await import(${JSON.stringify(storeModule)});` +
      `const s = new ProfileStore(${JSON.stringify(store.paths)});` +
      `await s.updateCredentials((d) => { d.set('p${i}', 'aws_access_key_id', 'AKIAFAKEFAKEFAKE${String(i).padStart(4, '0')}'); d.set('p${i}', 'n', '${i}') })`
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script(i)], { stdio: 'inherit' }).on('exit', resolve))),
    )
    expect(codes).toEqual(Array(20).fill(0))
    const text = await readFile(store.paths.credentials, 'utf8')
    expect(text.startsWith(comment)).toBe(true)
    const snapshot = await store.read()
    for (let i = 0; i < 20; i++) expect(snapshot.profile(`p${i}`)?.settings.n).toBe(String(i))
    expect((await stat(store.paths.credentials)).mode & 0o777).toBe(0o600)
  })
})

// Root reads any file, so an unreadable file can only be shown as another user.
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0
describe.runIf(asNobody || process.getuid?.() !== 0)('unreadable profile files', () => {
  it('are bad input with the path and the fix, not a crash', async () => {
    await writeFile(store.paths.credentials, '[default]\n')
    await chmod(store.paths.credentials, 0o000)
    await chmod(dir, 0o755)
    await chmod(join(dir, 'aws'), 0o755)
    const storeModule = fileURLToPath(new URL('../../../dist/profiles/profile-store.js', import.meta.url))
    const reportModule = fileURLToPath(new URL('../../../dist/cli/error-report.js', import.meta.url))
    const script =
      `const { ProfileStore } = await import(${JSON.stringify(storeModule)}); const { reportFor } = await import(${JSON.stringify(reportModule)});` +
      `const err = await new ProfileStore(${JSON.stringify(store.paths)}).read().catch((e) => e); console.log(JSON.stringify(reportFor(err)))`
    const prefix = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []
    const [command, ...args] = [...prefix, process.execPath, '--input-type=module', '-e', script]
    const result = spawnSync(command!, args, { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout)
    expect(report.exitCode).toBe(2)
    expect(report.message).toBe(`${store.paths.credentials}: cannot read the file (permission denied); give your user access with "chmod 600 ${store.paths.credentials}"`)
  })
})

describe('ProfileSnapshot reads profiles as botocore does', () => {
  it('names with spaces, tabs, non-ASCII letters and prototype names; [profile "quoted name"] in the config file', async () => {
    await writeFile(store.paths.config, '[profile "my profile"]\nregion = eu-west-1\n[profile café]\nregion = eu-west-2\n[profile __proto__]\nregion = eu-west-3\n[profile sp ace]\nregion = ignored-by-botocore\n')
    await writeFile(store.paths.credentials, '[my cred]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake-secret-TEST-1\n[constructor]\nregion = c\n[tab\there]\nregion = t\n')
    const snapshot = await store.read()
    expect(snapshot.names()).toEqual(['__proto__', 'café', 'constructor', 'my cred', 'my profile', 'tab\there'])
    expect(snapshot.profile('my profile')?.settings.region).toBe('eu-west-1')
    expect(snapshot.profile('café')?.settings.region).toBe('eu-west-2')
    expect(snapshot.profile('__proto__')?.settings).toEqual({ region: 'eu-west-3' })
    expect(Object.getPrototypeOf(snapshot.profile('__proto__')!.settings)).toBe(Object.prototype)
    expect(snapshot.profile('constructor')?.settings).toEqual({ region: 'c' })
    expect(snapshot.profile('toString')).toBeUndefined()
    expect(snapshot.profile('sp ace')).toBeUndefined()
    expect(snapshot.profile('my cred')?.settings.aws_access_key_id).toBe('AKIAFAKEFAKEFAKE0001')
  })

  it('upper-case key names, and a key named __proto__, are ordinary keys', async () => {
    await writeFile(store.paths.credentials, '[default]\nAWS_ACCESS_KEY_ID = AKIAFAKEFAKEFAKE0001\nAWS_Secret_Access_Key = fake-secret-TEST-2\n__proto__ = x\n')
    const settings = (await store.read()).profile('default')!.settings
    expect(settings).toEqual({ aws_access_key_id: 'AKIAFAKEFAKEFAKE0001', aws_secret_access_key: 'fake-secret-TEST-2', ['__proto__']: 'x' })
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
  })

  it('a value the JS SDK reads differently is bad input naming the line and both readings; other profiles still work', async () => {
    await writeFile(store.paths.config, '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nexternal_id = abc #def\n\n[profile other]\nregion = eu-west-1\n')
    const snapshot = await store.read()
    const report = reportFor(catching(() => snapshot.require('admin')))
    expect(report).toMatchObject({ exitCode: 2, code: 'MALFORMED_PROFILE_FILE' })
    expect(report.message).toBe(
      `${store.paths.config}:3: the AWS CLI reads external_id as "abc #def" but the JS SDK reads "abc"; write the value without " #" or " ;" and on one line (or quote nothing: neither reader removes quotes)`,
    )
    expect(snapshot.profile('other')?.settings.region).toBe('eu-west-1')
  })

  it('never shows a secret in that message, and registers every secret of the files for redaction', async () => {
    await writeFile(store.paths.credentials, '[a]\naws_secret_access_key = abc #secret-TEST-0000000001\n[b]\naws_session_token = other-token-TEST-000000000002\n')
    const snapshot = await store.read()
    const report = reportFor(catching(() => snapshot.profile('a')))
    expect(report.message).toContain('reads aws_secret_access_key as (a secret, not shown)')
    expect(report.message).not.toContain('secret-TEST')
    expect(redact('AWS said: other-token-TEST-000000000002 is bad')).toBe('AWS said: [REDACTED] is bad')
  })

  it('refuses what botocore refuses: a role profile with both source_profile and credential_source', async () => {
    await writeFile(store.paths.config, '[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = default\ncredential_source = Environment\n')
    const snapshot = await store.read()
    const report = reportFor(catching(() => snapshot.profile('r')))
    expect(report).toMatchObject({ exitCode: 2, code: 'INVALID_PROFILE' })
    expect(report.message).toBe(`profile "r" has both source_profile and credential_source, which the AWS CLI refuses; keep one of them in ${store.paths.config}`)
  })

  it('refuses a file that is not UTF-8', async () => {
    await writeFile(store.paths.credentials, Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x78, 0x20, 0x3d, 0x20, 0xff, 0x0a]))
    expect(reportFor(await store.read().catch((e) => e)).message).toBe(`${store.paths.credentials}: the file is not valid UTF-8, which the AWS CLI requires; save it as UTF-8`)
  })
})

function catching(f: () => unknown): unknown {
  try {
    const value = f()
    if (value instanceof Promise) throw new Error('use await for promises')
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

describe('ProfileStore: each file read once per command run (issue 12 item 5)', () => {
  const CREDENTIALS = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = first-secret\n'

  it('read() reads the disk the first time and then answers the same snapshot', async () => {
    await writeFile(store.paths.credentials, CREDENTIALS)
    const first = await store.read()
    await writeFile(store.paths.credentials, '[other]\n')
    expect(await store.read()).toBe(first)
    expect((await new ProfileStore(store.paths).read()).names()).toEqual(['other'])
  })

  it('takes the texts a process already read instead of the disk, with the same checks and errors', async () => {
    const handed = (credentials: string) => ({ credentials: { path: store.paths.credentials, text: credentials, exists: true }, config: { path: store.paths.config, text: '', exists: false } })
    // Nothing on disk: the snapshot is the handed-over text's.
    expect((await new ProfileStore(store.paths, { read: handed(CREDENTIALS) }).read()).profile('default')?.settings.aws_secret_access_key).toBe('first-secret')
    expect(redact('it is first-secret')).toBe('it is [REDACTED]')
    await expect(new ProfileStore(store.paths, { read: handed('[default]\nx = 1\n[default]\n') }).read()).rejects.toThrow(`${store.paths.credentials}:3`)
    // Texts of other files are not this store's: it reads its own.
    const elsewhere = { ...handed(CREDENTIALS), config: { path: join(dir, 'elsewhere'), text: '', exists: false } }
    expect((await new ProfileStore(store.paths, { read: elsewhere }).read()).names()).toEqual([])
  })

  it('a re-read or a locked rewrite before any read() takes the disk, not texts handed over from before the lock', async () => {
    const handed = { credentials: { path: store.paths.credentials, text: CREDENTIALS, exists: true }, config: { path: store.paths.config, text: '', exists: false } }
    // Another process rewrote the file after the texts were read.
    await writeFile(store.paths.credentials, '[theirs]\nregion = x\n')
    expect((await new ProfileStore(store.paths, { read: handed }).rereadCredentials()).names()).toEqual(['theirs'])
    await new ProfileStore(store.paths, { read: handed }).updateCredentials((document) => {
      expect(document.sectionNames()).toEqual(['theirs'])
    })
  })

  it('a locked rewrite reads the credentials file again, not the config file, and what it wrote is what the run sees', async () => {
    await writeFile(store.paths.credentials, CREDENTIALS)
    await writeFile(store.paths.config, '[profile work]\nregion = eu-west-1\n')
    await store.read()
    // Another process writes both files meanwhile.
    await writeFile(store.paths.credentials, `${CREDENTIALS}\n[theirs]\nregion = x\n`)
    await writeFile(store.paths.config, '[profile work]\nregion = us-east-2\n')
    await store.updateCredentials((document, snapshot) => {
      expect(snapshot.names()).toEqual(['default', 'theirs', 'work'])
      expect(snapshot.profile('work')?.settings.region).toBe('eu-west-1')
      document.set('mine', 'region', 'y')
    })
    const seen = await store.read()
    expect(seen.credentials.text).toBe(await readFile(store.paths.credentials, 'utf8'))
    expect(seen.names()).toEqual(['default', 'mine', 'theirs', 'work'])
    // Holding the credentials lock (vault commands write both files under it), reread() reads both.
    expect((await store.reread()).profile('work')?.settings.region).toBe('us-east-2')
  })

  it('an edit that fails changes neither the file nor what the run sees', async () => {
    await writeFile(store.paths.credentials, CREDENTIALS)
    await expect(
      store.updateCredentials((document) => {
        document.set('default', 'aws_access_key_id', 'AKIAFAKEFAKEFAKE0002')
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect((await store.read()).credentials.document.get('default', 'aws_access_key_id')).toBe('AKIAFAKEFAKEFAKE0001')
    expect(await readFile(store.paths.credentials, 'utf8')).toBe(CREDENTIALS)
  })

  it('rereadCredentials() sees what another process stored, and keeps the config file as read', async () => {
    await writeFile(store.paths.config, '[profile work]\nregion = eu-west-1\n')
    await store.read()
    await writeFile(store.paths.credentials, CREDENTIALS)
    await writeFile(store.paths.config, '')
    const fresh = await store.rereadCredentials()
    expect(fresh.names()).toEqual(['default', 'work'])
    expect(await store.read()).toBe(fresh)
  })
})
