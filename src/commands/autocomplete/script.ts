import { pluginCommand } from '../../cli/plugin-command.js'

/** `iamkit autocomplete script SHELL` (hidden): the line a shell's start-up file sources. From @oclif/plugin-autocomplete, loaded only when it runs (src/cli/plugin-command.ts). */
export default pluginCommand('@oclif/plugin-autocomplete', 'autocomplete/script.js')
