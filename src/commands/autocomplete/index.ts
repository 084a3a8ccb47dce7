import { pluginCommand } from '../../cli/plugin-command.js'

/**
 * `iamkit autocomplete [SHELL]`: how to set up shell completion (and it builds the completion
 * cache). From @oclif/plugin-autocomplete, loaded only when it runs (src/cli/plugin-command.ts);
 * the summary and description are iamkit's, like every command's.
 */
const Autocomplete = pluginCommand('@oclif/plugin-autocomplete', 'autocomplete/index.js')
Autocomplete.summary = 'Set up shell completion for bash, zsh or PowerShell: prints the steps and writes the completion files (fish: iamkit autocomplete fish).'
Autocomplete.description = `Writes the completion scripts under $XDG_CACHE_HOME/iamkit/autocomplete (default ~/.cache/iamkit/autocomplete) and prints the one line to add to ~/.bashrc or ~/.zshrc; run it again (or with --refresh-cache) after upgrading iamkit. Completes commands, subcommands and flags.`

export default Autocomplete
