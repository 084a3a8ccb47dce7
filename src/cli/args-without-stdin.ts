import type { Interfaces } from '@oclif/core'

/**
 * The command's arguments with oclif's stdin fallback off: oclif reads a missing argument from
 * stdin whenever stdin is not a terminal (waiting up to 10 ms for it), so `echo default | iamkit
 * logout` would log out "default" and `… | iamkit rotate --yes` rotate a profile nobody named.
 * iamkit reads stdin only where the user says so (`policy check -`) and prompts only on a terminal.
 * BaseCommand applies it to every iamkit command; `help` and the plugin's commands declare it.
 */
export function withoutStdin<A extends Interfaces.ArgInput | undefined>(args: A): A {
  if (!args) return args
  return Object.fromEntries(Object.entries(args).map(([name, arg]) => [name, { ...arg, ignoreStdin: true }])) as A
}
