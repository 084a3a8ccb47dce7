import { closeSync, fstatSync, openSync, readSync, rmSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { SystemError } from '../../errors.js'
import { writeAll, type WriterFs, type WriterHandle } from '../../profiles/atomic-write.js'
import { writeFailureReason } from '../../write-failure-reason.js'

/** Where one run of records lies in the spill file: written together, read back in the same order. */
export interface SpillRun {
  start: number
  bytes: number
  records: number
}

export interface SpillFileOptions {
  /** The folder the private temporary folder is made in; default the OS's (TMPDIR). */
  parent?: string
  /** The file-system calls of the writer, so tests can inject short writes and full disks. */
  io?: WriterFs
}

// Records are gathered to about this size before a write.
const WRITE_BATCH = 64 * 1024
const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Records kept on disk instead of the heap until they are read back (an organization audit's
 * findings until its report is written): one file of JSON lines in a temporary folder of the
 * process's own (0700, the file 0600), appended in runs and read back run by run. The folder is
 * removed by `remove()`, and also when the process exits or is stopped by SIGINT or SIGTERM first.
 * Fail closed: a run that did not reach the file whole, or that cannot be read back whole, is a
 * SystemError, never fewer records.
 */
export class SpillFile {
  readonly #handle: WriterHandle
  #end = 0
  #queue: Promise<unknown> = Promise.resolve()
  #broken: SystemError | undefined
  #readFd: number | undefined
  #writeBuffer = Buffer.allocUnsafe(4 * WRITE_BATCH)
  #removed = false
  readonly #onExit = () => this.#removeNow()
  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.#removeNow()
    // Then die of the signal as the process would have without this listener.
    process.kill(process.pid, signal)
  }

  private constructor(
    readonly dir: string,
    readonly path: string,
    handle: WriterHandle,
  ) {
    this.#handle = handle
    process.once('exit', this.#onExit)
    for (const signal of SIGNALS) process.once(signal, this.#onSignal)
  }

  static async create(options: SpillFileOptions = {}): Promise<SpillFile> {
    let dir: string
    try {
      dir = await fs.mkdtemp(join(options.parent ?? tmpdir(), 'iamkit-audit-'))
    } catch (err) {
      throw new SystemError('SPILL_WRITE', `could not make a temporary folder for the findings in ${options.parent ?? tmpdir()}: ${writeFailureReason(err)}`, { cause: err })
    }
    const path = join(dir, 'findings.ndjson')
    try {
      await fs.chmod(dir, 0o700)
      return new SpillFile(dir, path, await (options.io ?? fs).open(path, 'wx', 0o600))
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true })
      throw new SystemError('SPILL_WRITE', `could not make ${path} for the findings: ${writeFailureReason(err)}`, { cause: err })
    }
  }

  /** Appends the records as one run, one JSON text a line, after the runs before it (appends queue). */
  append(records: Iterable<unknown> | AsyncIterable<unknown>): Promise<SpillRun> {
    const appended = this.#queue.then(() => this.#appendNow(records))
    this.#queue = appended.catch(() => {})
    return appended
  }

  async #appendNow(records: Iterable<unknown> | AsyncIterable<unknown>): Promise<SpillRun> {
    if (this.#broken) throw this.#broken
    const run = { start: this.#end, bytes: 0, records: 0 }
    let pending = ''
    const flush = async () => {
      const bytes = this.#encode(pending)
      pending = ''
      try {
        this.#end = await writeAll(this.#handle, bytes, this.#end)
      } catch (err) {
        // Where the file ends is unknown now: nothing more may be appended to it or read from it.
        this.#broken = new SystemError('SPILL_WRITE', `could not keep the findings in ${this.path}: ${writeFailureReason(err)}; no report was written`, { cause: err })
        throw this.#broken
      }
      run.bytes += bytes.length
    }
    // A source that fails (a shard report that is not one) leaves an unused stretch of the file, nothing worse.
    for await (const record of records) {
      pending += `${JSON.stringify(record)}\n`
      run.records++
      if (pending.length >= WRITE_BATCH) await flush()
    }
    if (pending) await flush()
    return run
  }

  /** The text's bytes in the file's one write buffer (appends take turns), grown when a text needs more. */
  #encode(text: string): Buffer {
    const size = Buffer.byteLength(text, 'utf8')
    if (size > this.#writeBuffer.length) this.#writeBuffer = Buffer.allocUnsafe(Math.max(size, 2 * this.#writeBuffer.length))
    return this.#writeBuffer.subarray(0, this.#writeBuffer.write(text, 'utf8'))
  }

  /**
   * The records of a run, in the order they were appended, read `blockSize` bytes at a time (many
   * runs are read side by side). Synchronous: the renderers pull records as they write.
   */
  *read(run: SpillRun, blockSize = 64 * 1024): Generator<unknown> {
    if (this.#broken) throw this.#broken
    const fd = this.#readFd ??= this.#openForReading()
    const end = run.start + run.bytes
    let position = run.start
    // One buffer for the whole run, reused read after read (fresh ones would pile up outside the
    // heap until a collection): `kept` bytes at its start are a record cut by the last read.
    let block = Buffer.allocUnsafe(Math.min(blockSize, Math.max(1, run.bytes)))
    let kept = 0
    let records = 0
    while (position < end) {
      if (kept === block.length) block = Buffer.concat([block, Buffer.allocUnsafe(block.length)])
      let got: number
      try {
        got = readSync(fd, block, kept, Math.min(block.length - kept, end - position), position)
      } catch (err) {
        throw this.#readFailed(writeFailureReason(err), err)
      }
      if (got === 0) throw this.#readFailed(`it ended ${end - position} bytes early`)
      position += got
      const filled = kept + got
      let from = 0
      for (let newline = block.indexOf(10); newline !== -1 && newline < filled; newline = block.indexOf(10, from)) {
        const line = block.toString('utf8', from, newline)
        from = newline + 1
        let record: unknown
        try {
          record = JSON.parse(line)
        } catch (err) {
          throw this.#readFailed(`record ${records + 1} of a run is not the JSON written`, err)
        }
        records++
        yield record
      }
      kept = filled - from
      if (kept > 0 && from > 0) block.copy(block, 0, from, filled)
    }
    if (kept > 0 || records !== run.records) throw this.#readFailed(`a run holds ${records} whole record(s) where ${run.records} were written`)
  }

  /**
   * Before a report is written from the file: it must hold every byte appended, and it stays open
   * from here on (a cleaner of the temporary folder can no longer take it away mid-report).
   */
  assertWhole(): void {
    if (this.#broken) throw this.#broken
    const fd = this.#readFd ??= this.#openForReading()
    let size: number
    try {
      size = fstatSync(fd).size
    } catch (err) {
      throw this.#readFailed(writeFailureReason(err), err)
    }
    if (size < this.#end) throw this.#readFailed(`it holds ${size} of the ${this.#end} bytes written`)
  }

  #openForReading(): number {
    try {
      return openSync(this.path, 'r')
    } catch (err) {
      throw this.#readFailed(writeFailureReason(err), err)
    }
  }

  #readFailed(reason: string, cause?: unknown): SystemError {
    return new SystemError('SPILL_READ', `the findings kept in ${this.path} could not be read back whole (${reason}); no report was written`, { cause })
  }

  /** Closes the file and removes the folder (idempotent). */
  async remove(): Promise<void> {
    await this.#queue
    await this.#handle.close().catch(() => {})
    this.#removeNow()
  }

  #removeNow(): void {
    if (this.#removed) return
    this.#removed = true
    process.removeListener('exit', this.#onExit)
    for (const signal of SIGNALS) process.removeListener(signal, this.#onSignal)
    if (this.#readFd !== undefined) closeSync(this.#readFd)
    rmSync(this.dir, { recursive: true, force: true })
  }
}
