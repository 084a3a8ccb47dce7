import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { type Command, Config, Help } from '@oclif/core'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * Every command's help, as oclif renders it from the built manifest (what `iamkit CMD --help`
 * prints): a summary, usage lines and examples that are real invocations, and descriptions
 * written as paragraphs (oclif prints each source line as its own line, so a line break inside
 * a paragraph renders ragged).
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

interface ManifestFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  allowNo?: boolean
  description?: string
}
interface ManifestCommand {
  id: string
  summary?: string
  description?: string
  examples?: string[]
  hidden?: boolean
  flags: Record<string, ManifestFlag>
}
const manifest = JSON.parse(readFileSync(`${ROOT}/oclif.manifest.json`, 'utf8')) as { commands: Record<string, ManifestCommand> }
const COMMANDS = Object.values(manifest.commands).filter((c) => !c.hidden)
const byId = new Map(COMMANDS.map((c) => [c.id, c]))

class TextHelp extends Help {
  text(command: Command.Loadable): string {
    return this.formatCommand(command)
  }
}

/** Shell words, quotes kept together (enough for the examples' own syntax). */
const words = (text: string) => text.match(/"[^"]*"|'[^']*'|\S+/g) ?? []

/** Each `iamkit …` in an example (also inside `$( … )` or after a pipe), as its words. */
function invocations(example: string): string[][] {
  const rendered = example.replaceAll('<%= config.bin %>', 'iamkit').replace(/\s+#\s.*$/, '')
  const found: string[][] = []
  for (const match of rendered.matchAll(/(?:^|[\s(|;])iamkit\s+((?:"[^"]*"|'[^']*'|[^|;)"'])*)/g)) found.push(words(match[1]!))
  return found
}

/** The command an invocation names (the longest run of leading words that is an id), and the rest. */
function commandOf(invocation: string[]): { command: ManifestCommand; rest: string[] } | undefined {
  for (let n = invocation.length; n > 0; n--) {
    const command = byId.get(invocation.slice(0, n).join(':'))
    if (command) return { command, rest: invocation.slice(n) }
  }
  return undefined
}

/** Flags used that the command does not have (up to a bare `--`, after which the words are exec's command). */
function unknownFlags(command: ManifestCommand, rest: string[]): string[] {
  const flags = Object.values(command.flags)
  const has = (name: string) =>
    name === 'help' || flags.some((f) => f.name === name || (f.allowNo && `no-${f.name}` === name))
  const unknown: string[] = []
  for (const word of rest) {
    if (word === '--') break
    if (word.startsWith('--')) {
      const name = word.slice(2).split('=')[0]!
      if (!has(name)) unknown.push(word)
    } else if (/^-[a-zA-Z]+$/.test(word)) {
      for (const char of word.slice(1)) if (char !== 'h' && !flags.some((f) => f.char === char)) unknown.push(`-${char}`)
    }
  }
  return unknown
}

function usageLines(helpText: string): string[] {
  const start = helpText.indexOf('USAGE\n')
  if (start === -1) return []
  const section = helpText.slice(start + 'USAGE\n'.length).split('\n\n')[0]!
  // A long usage line wraps onto indented lines; join them back into one per "$".
  return section
    .split(/\n(?=\s*\$ )/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

let config: Config
const helpText = new Map<string, string>()

beforeAll(async () => {
  config = await Config.load(ROOT)
  const help = new TextHelp(config, { stripAnsi: true })
  for (const c of COMMANDS) helpText.set(c.id, help.text(config.findCommand(c.id)!))
})

describe.each(COMMANDS.map((c) => [c.id.replaceAll(':', ' '), c] as const))('iamkit %s --help', (_name, command) => {
  it('has a one-line summary', () => {
    expect(command.summary, 'summary').toMatch(/^[A-Z"`[].*[.)]$/)
    expect(command.summary).not.toContain('\n')
  })

  it('writes its description as paragraphs (a multi-line block only when indented, as a snippet)', () => {
    const paragraphs = (command.description ?? '').split(/\n[ \t]*\n/)
    const ragged = paragraphs.filter((p) => p.includes('\n') && !p.split('\n').every((line) => /^\s/.test(line)))
    expect(ragged).toEqual([])
    for (const flag of Object.values(command.flags)) expect(flag.description ?? '', `--${flag.name}`).not.toContain('\n')
  })

  it('shows usage lines with real placeholders, naming only its own flags', () => {
    const lines = usageLines(helpText.get(command.id)!)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^\\$ iamkit ${command.id.replaceAll(':', ' ')}( |$)`))
      expect(line, 'a flag value shown as <value>').not.toContain('<value>')
      const rest = line.replace(/^\$ iamkit /, '').split(' ').slice(command.id.split(':').length)
      expect(unknownFlags(command, rest.map((w) => w.replace(/^\[|\]$|\]\.\.\.$|\.\.\.$/g, '').replace(/\|.*$/, '')))).toEqual([])
    }
  })

  it('has examples that run this command with flags it has', () => {
    const calls = (command.examples ?? []).flatMap(invocations)
    expect(calls.map((call) => commandOf(call)?.command.id)).toContain(command.id)
    for (const call of calls) {
      const found = commandOf(call)
      expect(found, `"iamkit ${call.join(' ')}" names no command`).toBeDefined()
      expect(unknownFlags(found!.command, found!.rest), `iamkit ${call.join(' ')}`).toEqual([])
    }
  })
})

describe('the README', () => {
  it('names only real commands, and only flags those commands have', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8')
    // The lines of ```sh blocks, and inline `iamkit …` spans (a topic alone, `iamkit policy`, names no command).
    const shell: string[] = []
    let fence: string | undefined
    for (const line of readme.split('\n')) {
      const opens = /^\s*```(\w*)/.exec(line)
      if (opens) fence = fence === undefined ? opens[1]! : undefined
      else if (fence === 'sh') shell.push(line)
    }
    const topics = new Set(COMMANDS.filter((c) => c.id.includes(':')).map((c) => c.id.split(':')[0]!))
    const spans = [...readme.matchAll(/`(iamkit [^`]+)`/g)].map((m) => m[1]!).filter((span) => !topics.has(span.slice('iamkit '.length)))
    const calls = [...shell, ...spans].flatMap(invocations).filter((call) => call.length > 0 && !call[0]!.startsWith('-'))
    expect(calls.length).toBeGreaterThan(30)
    const wrong = calls.flatMap((call) => {
      const found = commandOf(call)
      if (!found) return [`iamkit ${call.join(' ')}: no such command`]
      return unknownFlags(found.command, found.rest).map((flag) => `iamkit ${call.join(' ')}: ${flag}`)
    })
    expect(wrong).toEqual([])
  })
})

describe('usage that oclif cannot infer', () => {
  it('exec shows the command after "--", and the form that starts a shell', () => {
    expect(usageLines(helpText.get('exec')!)).toEqual(['$ iamkit exec PROFILE [FLAGS] -- COMMAND [ARGS…]', '$ iamkit exec PROFILE [FLAGS]'])
  })

  it("exec's one argument is PROFILE (the command comes after --, not as more arguments: no PROFILE...)", () => {
    const text = helpText.get('exec')!
    expect(text.slice(text.indexOf('ARGUMENTS\n')).split('\n')[1]).toMatch(/^ {2}PROFILE {2}Profile name/)
  })

  it('help takes command words', () => {
    expect(usageLines(helpText.get('help')!)).toEqual(['$ iamkit help [COMMAND…]'])
  })

  it('the checks above can fail: an unknown flag and a ragged paragraph are caught', () => {
    const login = byId.get('login')!
    expect(unknownFlags(login, ['default', '--tokn-code', '1', '-q', '--no-force'])).toEqual(['--tokn-code', '-q', '--no-force'])
    expect(unknownFlags(byId.get('audit')!, ['--no-service-usage', '--', '--anything'])).toEqual([])
    expect(invocations('eval "$(<%= config.bin %> login default --format env)"')).toEqual([['login', 'default', '--format', 'env']])
    expect(invocations('terraform show -json plan | <%= config.bin %> policy check -')).toEqual([['policy', 'check', '-']])
  })
})
