import type { Interfaces } from '@oclif/core'

/**
 * What oclif logs to when DEBUG is unset. oclif's own logger is the `debug` package, which
 * prints only the namespaces DEBUG names, so without DEBUG it prints nothing; loading it still
 * costs every start (it loads node:tty and reads its settings from the environment). This one
 * does nothing at no cost. With DEBUG set, oclif keeps its own (src/cli/start-oclif.ts).
 */
export function silentOclifLogger(namespace = 'oclif'): Interfaces.Logger {
  const nothing = () => {}
  return {
    namespace,
    child: (name: string) => silentOclifLogger(`${namespace}:${name}`),
    debug: nothing,
    error: nothing,
    info: nothing,
    trace: nothing,
    warn: nothing,
  }
}
