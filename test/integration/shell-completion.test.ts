import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { run, Sandbox } from '../support/sandbox.js'

/**
 * Shell completion (SPEC §0), as a person sets it up from `iamkit autocomplete bash|zsh`: the
 * scripts @oclif/plugin-autocomplete generates must name iamkit's real commands and flags, which
 * are read here from the built manifest. Bash is asked to complete for real (the completion
 * function with COMP_WORDS, as bash calls it on <TAB>); zsh is checked by parsing the function,
 * loading it through compinit as the setup line does, and reading it (what this does not prove:
 * zsh's menu behaviour on a real terminal). Fish, which the plugin does not write, gets iamkit's own
 * script (`iamkit autocomplete fish`), asked for real with fish's `complete -C`.
 */
const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url)), 'utf8')) as {
  commands: Record<string, { id: string; hidden?: boolean; flags: Record<string, { name: string; char?: string; hidden?: boolean; allowNo?: boolean }> }>
}
const COMMANDS = Object.values(manifest.commands).filter((c) => !c.hidden)
const flagsOf = (id: string) => Object.keys(manifest.commands[id]!.flags).map((name) => `--${name}`)
const hasShell = (shell: string) => {
  try {
    execFileSync(shell, ['-c', 'true'])
    return true
  } catch {
    return false
  }
}
// With CI=true a missing zsh or fish is a failure (.ci/run installs them), never a silent skip.
const noZsh = !hasShell('zsh') && process.env.CI !== 'true'
const noFish = !hasShell('fish') && process.env.CI !== 'true'

describe('iamkit autocomplete', () => {
  let sandbox: Sandbox
  let env: NodeJS.ProcessEnv
  let cache: string

  beforeAll(async () => {
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    cache = join(sandbox.home, '.cache')
    env = { ...sandbox.env, XDG_CACHE_HOME: cache, ZDOTDIR: sandbox.home, SHELL: '/bin/bash' }
  })
  afterAll(() => sandbox?.dispose())

  const iamkit = (args: string[]) => sandbox.iamkit(args, { env })

  /** What bash offers for `line` (the last word is the one being completed), through the setup line the instructions add to ~/.bashrc. */
  async function bashCompletes(setup: string, line: string): Promise<string[]> {
    const words = line.split(' ')
    const script = `${setup}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _iamkit_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`
    const result = await run('bash', ['--norc', '--noprofile', '-c', script], env)
    expect(result.code, result.stderr).toBe(0)
    // bash shows each candidate once, however often the function offers it.
    return [...new Set(result.stdout.split('\n').filter(Boolean))].sort()
  }

  it('bash: the instructions\' setup line loads a function that completes the real commands, subcommands and flags', async () => {
    const instructions = await iamkit(['autocomplete', 'bash'])
    expect(instructions.code, instructions.stderr).toBe(0)
    expect(instructions.stdout).toContain('printf "$(iamkit autocomplete script bash)" >> ~/.bashrc')
    const setup = await iamkit(['autocomplete', 'script', 'bash'])
    expect(setup.code, setup.stderr).toBe(0)
    expect(setup.stdout).toContain(join(cache, 'iamkit', 'autocomplete', 'bash_setup'))

    const topLevel = [...new Set([...COMMANDS.map((c) => c.id.split(':')[0]!), 'autocomplete'])].sort()
    expect(await bashCompletes(setup.stdout, 'iamkit ')).toEqual(topLevel)
    expect(await bashCompletes(setup.stdout, 'iamkit lo')).toEqual(['login', 'logout'])
    expect(await bashCompletes(setup.stdout, 'iamkit policy ')).toEqual(COMMANDS.filter((c) => c.id.startsWith('policy:')).map((c) => c.id.slice('policy:'.length)).sort())
    for (const id of ['login', 'rotate', 'audit', 'policy:trust']) {
      expect(await bashCompletes(setup.stdout, `iamkit ${id.replace(':', ' ')} --`), id).toEqual(flagsOf(id).sort())
    }
    expect(await bashCompletes(setup.stdout, 'iamkit login --fo')).toEqual(['--force', '--format'])
  })

  it.skipIf(noZsh)('zsh: the function parses, compinit registers it for iamkit, and it names every command and flag', async () => {
    expect((await iamkit(['autocomplete', 'zsh'])).code).toBe(0)
    const setup = await iamkit(['autocomplete', 'script', 'zsh'])
    expect(setup.code, setup.stderr).toBe(0)
    const functionFile = join(cache, 'iamkit', 'autocomplete', 'functions', 'zsh', '_iamkit')
    const parse = await run('zsh', ['-n', functionFile], env)
    expect(parse.code, parse.stderr).toBe(0)
    // The setup line puts the function folder on fpath and runs compinit, as in ~/.zshrc.
    const loaded = await run('zsh', ['-f', '-c', `${setup.stdout}\nprint -r -- "$_comps[iamkit]"`], env)
    expect(loaded.stdout.trim(), loaded.stderr).toBe('_iamkit')

    const text = await readFile(functionFile, 'utf8')
    for (const command of COMMANDS) {
      const [first, sub] = command.id.split(':')
      expect(text, command.id).toContain(sub ? `"${sub}[` : `"${first}[`)
      for (const flag of flagsOf(command.id)) expect(text, `${command.id} ${flag}`).toMatch(new RegExp(`(^|[\\s,{"])${flag}["\\[},]`, 'm'))
    }
  })

  it.skipIf(noFish)('fish: the script completes the real commands, subcommands, every command\'s flags and fixed flag values', async () => {
    const script = await iamkit(['autocomplete', 'fish'])
    expect(script.code, script.stderr).toBe(0)
    const file = join(sandbox.home, 'iamkit.fish')
    await writeFile(file, script.stdout)
    /** What fish offers for `line`, as on <TAB> (the first field of each candidate). */
    const fishCompletes = async (line: string): Promise<string[]> => {
      const result = await run('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], env)
      expect(result.code, result.stderr).toBe(0)
      return [...new Set(result.stdout.split('\n').filter(Boolean).map((candidate) => candidate.split('\t')[0]!))].sort()
    }
    const topLevel = [...new Set(COMMANDS.map((c) => c.id.split(':')[0]!))].sort()
    expect(await fishCompletes('iamkit ')).toEqual(topLevel)
    expect(await fishCompletes('iamkit lo')).toEqual(['login', 'logout'])
    expect(await fishCompletes('iamkit policy ')).toEqual(COMMANDS.filter((c) => c.id.startsWith('policy:')).map((c) => c.id.slice('policy:'.length)).sort())
    expect(await fishCompletes('iamkit audit --format ')).toEqual(['csv', 'json', 'sarif', 'table'])
    // Every command, after its words and an argument, offers exactly its own long flags.
    for (const command of COMMANDS) {
      const words = command.id.split(':').join(' ')
      const expected = Object.values(manifest.commands[command.id]!.flags)
        .filter((flag) => !flag.hidden)
        .flatMap((flag) => [`--${flag.name}`, ...(flag.allowNo ? [`--no-${flag.name}`] : [])])
        .sort()
      expect(await fishCompletes(`iamkit ${words} default --`), command.id).toEqual(expected)
    }
  })
})
