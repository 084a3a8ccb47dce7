import { pluginCommand } from '../../cli/plugin-command.js'

/**
 * `iamkit autocomplete [SHELL]`: how to set up shell completion (and it builds the completion
 * cache). From @oclif/plugin-autocomplete, loaded only when it runs (src/cli/plugin-command.ts);
 * the one-line summary is iamkit's, like every command's.
 */
const Autocomplete = await pluginCommand('@oclif/plugin-autocomplete', 'autocomplete/index.js')
Autocomplete.summary = 'Set up shell completion for iamkit (bash, zsh or PowerShell).'

export default Autocomplete
