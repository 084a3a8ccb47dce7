import { Args, Command, loadHelpClass } from '@oclif/core'

import { UsageError } from '../errors.js'
import { withoutStdin } from '../cli/args-without-stdin.js'
import { reportFailure } from '../cli/report-failure.js'

export default class HelpCommand extends Command {
  static override summary = 'Show help for iamkit, or for one command.'
  static override description = 'The same text as --help (or -h) after the command.'
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help login', '<%= config.bin %> help policy trust']
  static override usage = ['<%= command.id %> [COMMAND…]']
  static override args = withoutStdin({ command: Args.string({ description: 'The command, e.g. login or "policy trust"', required: false }) })
  // The command's words come as separate arguments: `iamkit help policy trust`.
  static override strict = false

  async run(): Promise<void> {
    const { argv } = await this.parse(HelpCommand)
    const words = argv as string[]
    const id = words.join(':')
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      throw new UsageError('UNKNOWN_COMMAND', `there is no command "${words.join(' ')}"; iamkit help lists them`)
    }
    const Help = await loadHelpClass(this.config)
    const help = new Help(this.config, this.config.pjson.oclif.helpOptions ?? {})
    // `iamkit help help` is about this command (oclif's showHelp skips every "help" word and shows the root help).
    const self = words.length > 0 && words.every((word) => word === 'help') ? this.config.findCommand('help') : undefined
    await (self ? help.showCommandHelp(self, []) : help.showHelp(words))
  }

  override async catch(err: Error & { code?: string }): Promise<void> {
    if (err.code === 'EEXIT') throw err
    process.exitCode = reportFailure(err, { json: false, debug: this.argv.includes('--debug') })
  }
}
