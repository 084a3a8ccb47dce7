/**
 * The flags that ask oclif for help: `--help` and package.json's oclif.additionalHelpFlags
 * (test/unit/cli/help-of-help.test.ts keeps the two in step).
 */
export const HELP_FLAGS: readonly string[] = ['--help', '-h']

/**
 * `iamkit help --help`, `help -h` and `--help help` ask for the help command's own help, but
 * oclif shows the root help for them, as for `help help`: when it picks what to help with, it
 * skips every word that is "help" (getHelpSubject in @oclif/core's help). These forms become
 * `help help`, which the help command answers with its own help (src/commands/help.ts).
 */
export function helpOfHelpArgv(argv: readonly string[]): readonly string[] {
  const asksForHelp = (word: string) => word === 'help' || HELP_FLAGS.includes(word)
  const helpWords = argv.filter((word) => word === 'help').length
  if (argv.length > helpWords && helpWords > 0 && argv.every(asksForHelp)) return ['help', 'help']
  return argv
}
