import { fishCompletion } from '../../cli/fish-completion.js'
import { BaseCommand } from '../../cli/base-command.js'

/** `iamkit autocomplete fish`: the fish completion script, from iamkit's own manifest. */
export default class AutocompleteFish extends BaseCommand<typeof AutocompleteFish> {
  static override summary = 'Print the completion script for fish.'
  static override description = `Completes commands, subcommands, flags and the values of flags with fixed choices. Save it where fish looks for completions and open a new shell; write it again after upgrading iamkit.`
  static override examples = ['<%= config.bin %> autocomplete fish > ~/.config/fish/completions/iamkit.fish']
  // A shell script, not a document: --json would have nothing to say.
  static override enableJsonFlag = false

  async run(): Promise<void> {
    const { bin, version, commands, topics } = this.config
    process.stdout.write(fishCompletion(bin, version, commands, topics))
  }
}
