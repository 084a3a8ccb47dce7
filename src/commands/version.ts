import { Command } from '@oclif/core'

export default class VersionCommand extends Command {
  static override summary = "Print iamkit's version (also --version and -v)."
  static override examples = ['<%= config.bin %> version']

  async run(): Promise<void> {
    this.log(this.config.userAgent)
  }
}
