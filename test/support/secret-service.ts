import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real Secret Service for the keychain backend's tests: GNOME Keyring in a private D-Bus
 * session bus, with a throw-away keyring unlocked by a known password. Nothing reaches the
 * developer's own keyring or session. `secret-tool` (libsecret) is the independent reader.
 * Outside CI a machine without the Debian packages skips with the reason; with CI=true it fails
 * (.ci/run installs them).
 */
const NEEDED = ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool', 'dbus-send']
const PACKAGES = 'gnome-keyring dbus libsecret-tools'
const PASSWORD = 'iamkit-test-keyring'

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=TMPDIR</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

let availability: string | undefined | null = null

export function secretServiceUnavailableReason(): string | undefined {
  if (availability !== null) return availability
  const missing = NEEDED.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
  availability = process.platform !== 'linux' ? 'the Secret Service tests run on Linux' : missing.length ? `${missing.join(', ')} not installed (apt-get install ${PACKAGES})` : undefined
  if (availability && process.env.CI === 'true') throw new Error(`CI=true and ${availability}: the keychain tests need a real Secret Service`)
  return availability
}

export interface SecretService {
  /** What a process needs to reach this Secret Service (and nothing else of the host's). */
  env: NodeJS.ProcessEnv
  /** `secret-tool lookup service S username U`: the secret as libsecret reads it, or undefined. */
  lookup(service: string, account: string): Promise<string | undefined>
  /** Locks the keyring, as a screen lock or a logout would. */
  lock(): Promise<void>
  /** Unlocks it again with its password. */
  unlock(): Promise<void>
  stop(): Promise<void>
}

export async function startSecretService(): Promise<SecretService> {
  const home = await mkdtemp(join(tmpdir(), 'iamkit-keyring-'))
  const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home, LANG: 'C' }
  // A bus without service directories: nothing is started behind our back (no second keyring,
  // no GUI prompter), so every process this suite runs is one it started and stops.
  const config = join(home, 'bus.conf')
  await writeFile(config, BUS_CONFIG.replace('TMPDIR', home))
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], { env: baseEnv, stdio: ['ignore', 'pipe', 'ignore'] })
  const children: ChildProcess[] = [bus]
  const stopAll = async () => {
    for (const child of children.reverse()) child.kill('SIGKILL')
    await rm(home, { recursive: true, force: true })
  }
  let env: NodeJS.ProcessEnv
  try {
    const address = await firstLine(bus, 'dbus-daemon')
    env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: address }
    children.push(await startKeyring(env))
  } catch (err) {
    await stopAll()
    throw err
  }
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: env.DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR: home },
    async lookup(service, account) {
      const out = spawnSync('secret-tool', ['lookup', 'service', service, 'username', account], { env, encoding: 'utf8', timeout: 10_000 })
      return out.status === 0 ? out.stdout : undefined
    },
    async lock() {
      const out = spawnSync(
        'dbus-send',
        ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
        { env, encoding: 'utf8', timeout: 10_000 },
      )
      if (out.status !== 0) throw new Error(`locking the keyring failed: ${out.stderr}`)
    },
    async unlock() {
      // A locked collection is unlocked only through a GUI prompt; a new daemon on the same
      // keyring files, unlocked at start as a desktop login does, is the same result.
      const old = children.pop()!
      old.kill('SIGKILL')
      await new Promise((r) => old.once('exit', r))
      children.push(await startKeyring(env))
    },
    stop: stopAll,
  }
}

async function startKeyring(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] })
  keyring.stdin!.end(PASSWORD)
  try {
    await waitForSecrets(env)
  } catch (err) {
    keyring.kill('SIGKILL')
    throw err
  }
  return keyring
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${name} printed no address within 10 s`)), 10_000)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const newline = out.indexOf('\n')
      if (newline >= 0) {
        clearTimeout(timer)
        resolve(out.slice(0, newline).trim())
      }
    })
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)))
  })
}

/**
 * Waits until our daemon owns the bus name, asking without D-Bus activation: a call to the name
 * before then would have the bus start a second, locked gnome-keyring from its .service file.
 * Then a stored secret proves the unlocked "login" collection answers.
 */
async function waitForSecrets(env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + 15_000
  const owned = () =>
    spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], {
      env,
      encoding: 'utf8',
      timeout: 5_000,
    }).stdout.includes('boolean true')
  while (!owned()) {
    if (Date.now() > deadline) throw new Error('gnome-keyring did not take org.freedesktop.secrets on the bus within 15 s')
    await new Promise((r) => setTimeout(r, 50))
  }
  for (;;) {
    const stored = spawnSync('secret-tool', ['store', '--label=iamkit probe', 'service', 'iamkit-probe', 'username', 'probe'], { env, input: 'probe', timeout: 5_000 })
    if (stored.status === 0) return
    if (Date.now() > deadline) throw new Error(`gnome-keyring did not answer within 15 s: ${stored.stderr}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
