import { EventEmitter } from 'node:events'
import { writeSync } from 'node:fs'

import { isTerminal } from './is-terminal.js'
import { writeWhileRoom } from './write-stdout.js'

/**
 * `process.stdout` and `process.stderr`, when they are not terminals (a pipe, a file: how scripts,
 * CI and the AWS CLI run iamkit), as writers that write with write(2) until something needs Node's
 * stream itself. Node builds each stream on first read: for a pipe a net.Socket, which loads
 * Node's stream, net and tty modules, ~5-7 ms of every start, more than a policy command's work.
 * Installed by the door to oclif (run-oclif.ts) before anything reads either.
 *
 * A direct writer does what the stream would, in the same order: `write` returns once every byte is
 * written (the stream of a pipe or file on Linux writes synchronously too) and calls its callback
 * on the next tick; a failed write (EPIPE, ENOSPC) calls it with the error and emits 'error', as
 * the stream does. Listeners are its own. Anything else (`end`, `pipe`, `writableLength`, …) makes
 * the real stream, once: the writer moves its listeners there and from then on hands everything
 * to it, and `process.stdout` is the stream again. So does a full non-blocking pipe (EAGAIN): the
 * stream waits for room.
 */
export function installDirectStdio(write: typeof writeSync = writeSync): void {
  for (const [name, fd] of [['stdout', 1], ['stderr', 2]] as const) {
    const node = Object.getOwnPropertyDescriptor(process, name)
    if (!node?.get || !node.configurable || isTerminal(fd)) continue
    const direct = directWriter(fd, () => {
      Object.defineProperty(process, name, node)
      return node.get!.call(process) as NodeJS.WriteStream
    }, write)
    Object.defineProperty(process, name, { configurable: true, enumerable: node.enumerable, get: () => direct })
  }
}

/** The EventEmitter methods a writer answers with its own listeners until the stream exists. */
const EVENT_METHODS = new Set<PropertyKey>(['on', 'once', 'off', 'addListener', 'removeListener', 'prependListener', 'prependOnceListener', 'emit', 'listeners', 'rawListeners', 'listenerCount', 'eventNames', 'removeAllListeners', 'setMaxListeners', 'getMaxListeners'])
/** What a writer answers itself: writing, and what a stream that is not a terminal says of itself. */
const OWN = new Set<PropertyKey>(['write', 'fd', 'isTTY', 'columns', 'rows', 'writable', ...EVENT_METHODS])

type Done = (err?: Error | null) => void

/**
 * A writer on descriptor `fd` standing for the stream `materialise` builds (test/unit/cli/direct-stdio.test.ts).
 * `write` is write(2) (a test's stand-in).
 */
export function directWriter(fd: number, materialise: () => NodeJS.WriteStream, write: typeof writeSync = writeSync): NodeJS.WriteStream {
  let stream: NodeJS.WriteStream | undefined
  const events = new EventEmitter()
  const real = (): NodeJS.WriteStream => {
    if (stream) return stream
    stream = materialise()
    const target: EventEmitter = stream
    for (const name of events.eventNames()) {
      for (const listener of events.rawListeners(name) as ((...args: unknown[]) => void)[]) {
        // once() registers a wrapper that knows the listener; on the stream it is once() again.
        const once = (listener as { listener?: (...args: unknown[]) => void }).listener
        if (once) target.once(name, once)
        else target.on(name, listener)
      }
    }
    events.removeAllListeners()
    return stream
  }
  const directWrite = (chunk: unknown, encoding?: BufferEncoding | Done, callback?: Done): boolean => {
    if (stream || !(typeof chunk === 'string' || chunk instanceof Uint8Array)) return (real().write as (...args: unknown[]) => boolean)(chunk, encoding, callback)
    const done = typeof encoding === 'function' ? encoding : callback
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk
    let written: number
    try {
      written = writeWhileRoom(fd, bytes, write)
    } catch (err) {
      process.nextTick(() => {
        done?.(err as Error)
        proxy.emit('error', err)
      })
      return false
    }
    if (written < bytes.length) return real().write(bytes.subarray(written), done)
    if (done) process.nextTick(done, null)
    return true
  }
  // oclif's spinner swaps process.stdout.write for its own while it spins, and back.
  let writeFunction: unknown = directWrite
  const own: Record<string, unknown> = { fd, isTTY: undefined, columns: undefined, rows: undefined, writable: true }
  const proxy: NodeJS.WriteStream = new Proxy(own as unknown as NodeJS.WriteStream, {
    get(_, property) {
      if (property === 'write') return writeFunction
      if (stream || !OWN.has(property)) {
        const value = Reflect.get(real(), property) as unknown
        return typeof value === 'function' ? value.bind(stream) : value
      }
      if (!EVENT_METHODS.has(property)) return own[property as string]
      const method = Reflect.get(events, property) as (...args: unknown[]) => unknown
      return (...args: unknown[]) => {
        const result = stream ? (Reflect.get(stream, property) as (...args: unknown[]) => unknown).apply(stream, args) : method.apply(events, args)
        return result === events ? proxy : result
      }
    },
    set(_, property, value) {
      if (property !== 'write') return Reflect.set(real(), property, value)
      writeFunction = value
      return true
    },
    has(_, property) {
      return stream || !OWN.has(property) ? Reflect.has(real(), property) : true
    },
  })
  return proxy
}
