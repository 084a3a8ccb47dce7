import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'

/**
 * A loopback address whose TCP connect never completes: a socket that listens with a backlog of
 * 0 and never accepts, its one-place accept queue filled at once. Linux then drops every further
 * SYN (tcp_conn_request: accept queue full), so a client's connect hangs exactly as it does
 * towards a firewalled host that blackholes SYNs, without leaving loopback. Node cannot listen
 * without accepting, so a small Python process (Python is there wherever moto is) holds the socket;
 * it exits when its stdin closes, so it never outlives the test.
 */
const SCRIPT = `
import socket, sys, time
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(0)
port = s.getsockname()[1]
fillers = []
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(('127.0.0.1', port))
    except BlockingIOError:
        pass
    fillers.append(c)
time.sleep(0.2)
print(port, flush=True)
sys.stdin.read()
`

export class UnacceptingListener {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`
  }

  static async start(): Promise<UnacceptingListener> {
    const child = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] })
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (chunk) => {
        out += chunk
        if (out.includes('\n')) resolve(Number(out.trim()))
      })
      child.on('error', reject)
      child.on('exit', (code) => reject(new Error(`the unaccepting listener exited (${code}) before it listened`)))
    })
    return new UnacceptingListener(child, port)
  }

  /** Whether a connect to it is still pending after `ms`: the premise of every test that uses it. */
  connectHangs(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1')
      const timer = setTimeout(() => {
        socket.destroy()
        resolve(true)
      }, ms)
      const done = () => {
        clearTimeout(timer)
        socket.destroy()
        resolve(false)
      }
      socket.on('connect', done)
      socket.on('error', done)
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.stdin!.end()
    this.child.kill('SIGTERM')
    await exited
  }
}
