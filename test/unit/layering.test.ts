import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every relative import of a file, resolved to a path under src/ ("cli/terminal.js"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!)
  return specifiers.map((specifier) => relative(SRC, join(file, '..', specifier)))
}

// STYLE.md: commands parse and render, services decide, adapters talk to AWS and disk; no lower
// layer imports a higher one. The CLI layer is src/cli (with the oclif hooks) and src/commands.
describe('layering', () => {
  it('no module outside src/cli and src/commands imports src/cli or src/commands', () => {
    const offenders = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith('cli/') && !file.startsWith('commands/'))
      .flatMap((file) => importsOf(join(SRC, file)).filter((target) => target.startsWith('cli/') || target.startsWith('commands/')).map((target) => `${file} → ${target}`))
    expect(offenders).toEqual([])
  })

  it('finds the imports it checks (the check itself can fail)', () => {
    expect(importsOf(join(SRC, 'commands', 'login.ts'))).toContain('cli/base-command.js')
    expect(importsOf(join(SRC, 'cli', 'hooks', 'command-not-found.ts'))).toContain('cli/report-failure.js')
  })
})
