import { pluginCommand } from '../../cli/plugin-command.js'

/** `iamkit autocomplete create` (hidden): builds the completion cache the shell scripts read. From @oclif/plugin-autocomplete, loaded only when it runs (src/cli/plugin-command.ts). */
export default pluginCommand('@oclif/plugin-autocomplete', 'autocomplete/create.js')
