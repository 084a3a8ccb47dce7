import { format, inspect } from 'node:util'

import { Command, Flags, type Interfaces } from '@oclif/core'

import type { Reporter } from '../reporter.js'
import { withoutStdin } from './args-without-stdin.js'
import { parseErrorAsUsage } from './parse-error.js'
import { reportFailure, writeJson } from './report-failure.js'
import { stderrReporter } from './stderr-reporter.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/**
 * What every iamkit command shares: parsing, `--json` (oclif prints the returned value),
 * `--debug`, a stderr reporter for human messages, and the mapping of failures to one line
 * and an exit code (SPEC §0). Subclasses only declare flags, call a service and render.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = {
    debug: Flags.boolean({ description: 'Print redacted diagnostics and stack traces on stderr', helpGroup: 'GLOBAL' }),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** Every positional word as parsed (for non-strict commands: the ones past the declared args too). */
  protected positionals: string[] = []
  protected reporter: Reporter = stderrReporter({ debug: false })
  /** Things to close when the command ends (AWS clients' keep-alive sockets). */
  protected readonly closers: (() => Promise<void>)[] = []

  override async init(): Promise<void> {
    await super.init()
    const { args, flags, argv } = await this.parse(
      {
        flags: this.ctor.flags,
        baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
        enableJsonFlag: this.ctor.enableJsonFlag,
        args: withoutStdin(this.ctor.args),
        strict: this.ctor.strict,
      },
      this.ownArgv(),
    )
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.positionals = argv as string[]
    this.reporter = stderrReporter({ debug: Boolean(this.flags.debug) })
  }

  /** The words that are this command's to parse: all of them, unless the command runs another one (exec). */
  protected ownArgv(): string[] {
    return this.argv
  }

  protected get debugEnabled(): boolean {
    return Boolean(this.flags?.debug) || this.argv.includes('--debug')
  }

  override async catch(err: Error & { oclif?: { exit?: number }; code?: string }): Promise<void> {
    // `this.exit(n)` is oclif's own control flow, not a failure.
    if (err.code === 'EEXIT') throw err
    const name = this.id?.replaceAll(':', ' ') ?? 'COMMAND'
    const parseError = parseErrorAsUsage(err, { name, flags: Object.keys(this.ctor.flags ?? {}) })
    process.exitCode = reportFailure(parseError ?? err, { json: this.jsonEnabled(), debug: this.debugEnabled })
  }

  override logJson(json: unknown): void {
    writeJson(json)
  }

  /**
   * oclif's log, the same text to the same stream, written without Node's console (whose first call
   * costs ~1 ms of a start): oclif prints `format(message, ...args)` (without a message,
   * `format(...args)`) and a newline, and nothing with --json.
   */
  override log(message: unknown = '', ...args: unknown[]): void {
    if (this.jsonEnabled()) return
    const text = typeof message === 'string' ? message : inspect(message)
    process.stdout.write(`${text ? format(text, ...args) : format(...args)}\n`)
  }

  override async finally(err: Error | undefined): Promise<void> {
    await Promise.allSettled(this.closers.map((close) => close()))
    await super.finally(err)
  }
}
