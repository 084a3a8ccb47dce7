import { pluginCommand } from '../../cli/plugin-command.js'

/** `iamkit autocomplete [SHELL]`: how to set up shell completion (and it builds the completion cache). From @oclif/plugin-autocomplete, loaded only when it runs (src/cli/plugin-command.ts). */
export default await pluginCommand('@oclif/plugin-autocomplete', 'autocomplete/index.js')
