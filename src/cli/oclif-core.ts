/**
 * What `import … from '@oclif/core'` means inside the bundle (scripts/bundle-cli.mjs): the parts
 * of oclif iamkit uses, from oclif's own sub-path exports. oclif's index module would also load
 * every other part and check oclif's Node range with semver, which costs start-up time for
 * nothing. A name missing here fails the bundle's build, so add it when a command needs it.
 */
export * as Args from '@oclif/core/args'
export { Command } from '@oclif/core/command'
export { execute } from '@oclif/core/execute'
export * as Flags from '@oclif/core/flags'
export { loadHelpClass } from '@oclif/core/help'
