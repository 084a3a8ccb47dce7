import { spawn, spawnSync } from 'node:child_process'

export interface PtyStep {
  /** Wait until the terminal has shown this (since the previous step)… */
  waitFor: RegExp
  /** …then type this. */
  send: string
}

export interface PtyResult {
  code: number
  /** Everything the terminal showed (stdout and stderr together, escape codes included). */
  screen: string
}

/** Why `script` (util-linux) cannot give us a pseudo-terminal here, or undefined when it can. */
export function ptyUnavailableReason(): string | undefined {
  const probe = spawnSync('script', ['-qfec', 'true', '/dev/null'], { encoding: 'utf8' })
  const reason = probe.status === 0 ? undefined : `script(1) cannot open a pseudo-terminal (${probe.error?.message ?? probe.stderr.trim()})`
  if (reason && process.env.CI === 'true') throw new Error(`CI=true and ${reason}: the terminal tests need util-linux's script`)
  return reason
}

/**
 * Runs a command on a pseudo-terminal through util-linux's `script`, as a person at a terminal
 * would: stdin, stdout and stderr are all a TTY. Types each step's text once the screen shows
 * what the step waits for.
 */
export function runInPty(command: string[], env: NodeJS.ProcessEnv, steps: PtyStep[], timeoutMs = 30_000): Promise<PtyResult> {
  const line = command.map(shellQuote).join(' ')
  const child = spawn('script', ['-qfec', line, '/dev/null'], { env: { TERM: 'xterm', ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let screen = ''
    let seenUpTo = 0
    const pending = [...steps]
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the terminal session did not finish within ${timeoutMs} ms; screen so far:\n${screen}`))
    }, timeoutMs)
    const advance = () => {
      const step = pending[0]
      if (!step) return
      const match = step.waitFor.exec(screen.slice(seenUpTo))
      if (!match) return
      seenUpTo += match.index + match[0].length
      pending.shift()
      child.stdin.write(step.send)
      advance()
    }
    const take = (chunk: Buffer) => {
      screen += chunk.toString('utf8')
      advance()
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, screen })
    })
  })
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
