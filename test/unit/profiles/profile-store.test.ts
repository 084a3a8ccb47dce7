import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { ProfileStore } from '../../../src/profiles/profile-store.js'

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
    expect(report).toMatchObject({ exitCode: 2, code: 'MALFORMED_PROFILE_FILE' })
    expect(report.message).toContain(store.paths.credentials)
  })
})

describe('ProfileStore.updateCredentials', () => {
  it('creates the folder 0700 and the file 0600', async () => {
    await rm(join(dir, 'aws'), { recursive: true })
    await store.updateCredentials((doc) => doc.set('default', 'username', 'alice'))
    expect((await stat(join(dir, 'aws'))).mode & 0o777).toBe(0o700)
    expect((await stat(store.paths.credentials)).mode & 0o777).toBe(0o600)
    expect(await readFile(store.paths.credentials, 'utf8')).toBe('[default]\nusername = alice\n')
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
