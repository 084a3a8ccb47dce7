import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ptyUnavailableReason, runInPty } from '../support/pty.js'
import { IAMKIT_BIN, run, Sandbox } from '../support/sandbox.js'

/**
 * On oclif's side, standard output and error that are not terminals are written with write(2)
 * until something needs Node's stream (src/cli/direct-stdio.ts); on a terminal they are Node's
 * streams. What the unit tests (test/unit/cli/direct-stdio.test.ts) cannot show is real
 * descriptors: a pipe whose reader has gone, a full non-blocking pipe, a full disk, a terminal.
 * (The CI runs as root: the full disk under a regular file is a small tmpfs.)
 * startup-path.test.ts shows which of Node's modules a start no longer loads.
 */
describe('standard output and error without Node\'s streams', () => {
  let sandbox: Sandbox
  let piped: string
  beforeAll(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    piped = (await sandbox.iamkit(['audit', '--help'])).stdout
  })
  afterAll(() => sandbox.dispose())

  it('a reader that goes away (| head -c 1): exit 0 and nothing on stderr, as oclif does with a stream', async () => {
    // PIPESTATUS: iamkit's exit code, not head's.
    const shell = await run('bash', ['-c', `"$0" "$1" audit --help | head -c 1; echo " \${PIPESTATUS[0]}"`, process.execPath, IAMKIT_BIN], sandbox.env)
    expect({ stdout: shell.stdout, stderr: shell.stderr }).toEqual({ stdout: `${piped[0]} 0\n`, stderr: '' })
  })

  it('a full non-blocking pipe (EAGAIN) hands the rest to Node\'s stream, which waits: every byte, in order', () => {
    // The reader makes the pipe one page (F_SETPIPE_SZ) and non-blocking, and reads only after
    // iamkit has filled it; audit's help (~5 KB) does not fit.
    const reader = String.raw`
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(1)
out = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk: break
    out += chunk
sys.stdout.buffer.write(out)
sys.exit(child.wait())
`
    const result = spawnSync('python3', ['-c', reader, process.execPath, IAMKIT_BIN, 'audit', '--help'], { env: sandbox.env, encoding: 'utf8' })
    expect({ code: result.status, stderr: result.stderr, same: result.stdout === piped, length: result.stdout.length }).toEqual({ code: 0, stderr: '', same: true, length: piped.length })
  })

  it.skipIf(ptyUnavailableReason())('on a terminal, Node\'s own stream: help wraps to the terminal\'s width (through a pipe, to 80 columns)', async () => {
    const lines = async (columns: number) => {
      const terminal = await runInPty(['sh', '-c', `stty cols ${columns} && "$0" "$1" audit --help`, process.execPath, IAMKIT_BIN], sandbox.env, [])
      expect(terminal.code).toBe(0)
      return terminal.screen.trimEnd().split(/\r?\n/).length
    }
    const pipe = piped.trimEnd().split('\n').length
    expect({ narrow: (await lines(60)) > pipe, as80: await lines(80), wide: (await lines(200)) < pipe }).toEqual({ narrow: true, as80: pipe, wide: true })
  })

  // One line and exit 1 (SPEC §0; src/cli/stdout-failure.ts), where oclif would throw the error with a stack trace.
  const NO_SPACE = 'iamkit: could not write to standard output: no space left on device (ENOSPC)\n'

  it.each([[['--help']], [['policy', 'mfa-required']], [['policy', 'mfa-required', '--json']]])('iamkit %j with stdout on /dev/full (Node\'s own stream: a character device): one line, exit 1', (args) => {
    const shell = spawnSync('sh', ['-c', 'exec "$0" "$@" > /dev/full', process.execPath, IAMKIT_BIN, ...args], { env: sandbox.env, encoding: 'utf8' })
    expect({ code: shell.status, stderr: shell.stderr }).toEqual({ code: 1, stderr: NO_SPACE })
  })

  const rootSkip = process.getuid?.() === 0 ? undefined : 'not root, so no tmpfs can be mounted; the injected failed writes of the unit tests stand in'
  it.skipIf(rootSkip)('a full disk under a redirected stdout (the direct writer: a regular file): one line, exit 1, never exit 0', () => {
    const dir = join(sandbox.home, 'full')
    mkdirSync(dir)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4096', 'tmpfs', dir], { stdio: 'pipe' })
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=4096', 'count=1'], { stdio: 'pipe' })
      const shell = spawnSync('sh', ['-c', `exec "$0" "$1" policy mfa-required > "$2"`, process.execPath, IAMKIT_BIN, join(dir, 'out')], { env: sandbox.env, encoding: 'utf8' })
      expect({ code: shell.status, stderr: shell.stderr, written: statSync(join(dir, 'out')).size }).toEqual({ code: 1, stderr: NO_SPACE, written: 0 })
    } finally {
      execFileSync('umount', ['-l', dir])
    }
  })
})
