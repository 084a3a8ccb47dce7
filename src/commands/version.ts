import { BaseCommand } from '../cli/base-command.js'

export default class VersionCommand extends BaseCommand<typeof VersionCommand> {
  static override summary = "Print iamkit's version (also --version and -v)."
  static override examples = ['<%= config.bin %> version']
  // One line of text, as `--version` prints it (the fast path answers the plain forms).
  static override enableJsonFlag = false

  async run(): Promise<void> {
    this.log(this.config.userAgent)
  }
}
