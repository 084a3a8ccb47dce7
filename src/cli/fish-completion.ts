/**
 * iamkit's completion script for fish, written from the commands oclif knows (the manifest), so
 * it names exactly the commands, subcommands, flags and flag values that exist.
 * @oclif/plugin-autocomplete writes bash, zsh and PowerShell but not fish on the line that runs
 * on Node 20, hence this one generator.
 */
export interface CompletableFlag {
  name: string
  char?: string
  type: 'option' | 'boolean'
  options?: readonly string[]
  summary?: string
  description?: string
  helpValue?: string | string[]
  allowNo?: boolean
  hidden?: boolean
}

export interface CompletableCommand {
  /** oclif's id, words joined by ':' (`policy:user`). */
  id: string
  summary?: string
  description?: string
  hidden?: boolean
  flags: Record<string, CompletableFlag>
}

export interface CompletableTopic {
  name: string
  description?: string
}

export function fishCompletion(bin: string, version: string, commands: readonly CompletableCommand[], topics: readonly CompletableTopic[]): string {
  const visible = commands.filter((c) => !c.hidden).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const ids = visible.map((c) => words(c.id))
  const described = new Map<string, string>()
  for (const topic of topics) described.set(words(topic.name), firstLine(topic.description))
  for (const command of visible) described.set(words(command.id), firstLine(command.summary ?? command.description))

  const lines = [
    `# fish completion for ${bin} ${version}, written by \`${bin} autocomplete fish\`.`,
    `# Save it as ~/.config/fish/completions/${bin}.fish; write it again after upgrading ${bin}.`,
    '',
    `set -g __${bin}_commands ${ids.map(quote).join(' ')}`,
    '',
    '# The words typed after the command name that are not flags.',
    `function __${bin}_words`,
    '    set -l typed (commandline -opc)',
    '    set -e typed[1]',
    "    string match -v -- '-*' $typed",
    'end',
    '',
    '# The longest run of those words that names a command (arguments follow it).',
    `function __${bin}_command`,
    '    set -l prefix',
    '    set -l found',
    `    for word in (__${bin}_words)`,
    '        set -a prefix $word',
    "        set -l joined (string join ' ' -- $prefix)",
    `        contains -- $joined $__${bin}_commands; and set found $joined`,
    '    end',
    "    string join ' ' -- $found",
    'end',
    '',
    '# True when exactly these words were typed (subcommands are offered after their topic).',
    `function __${bin}_at`,
    `    set -l typed (__${bin}_words)`,
    '    test "$typed" = "$argv[1]"',
    'end',
    '',
    `function __${bin}_in`,
    `    test "$(__${bin}_command)" = "$argv[1]"`,
    'end',
    '',
    `complete -c ${bin} -f`,
  ]

  // Each command word at its place: top-level words after nothing, subcommands after their topic.
  const offered = new Set<string>()
  for (const id of ids) {
    const parts = id.split(' ')
    for (let depth = 0; depth < parts.length; depth++) {
      const path = parts.slice(0, depth).join(' ')
      const word = parts[depth]!
      const key = `${path}\u0000${word}`
      if (offered.has(key)) continue
      offered.add(key)
      const description = described.get(parts.slice(0, depth + 1).join(' '))
      lines.push(`complete -c ${bin} -n ${quote(`__${bin}_at ${quote(path)}`)} -a ${quote(word)}${description ? ` -d ${quote(description)}` : ''}`)
    }
  }

  for (const command of visible) {
    const condition = quote(`__${bin}_in ${quote(words(command.id))}`)
    for (const flag of Object.values(command.flags).filter((f) => !f.hidden)) {
      const description = firstLine(flag.summary ?? flag.description)
      const about = description ? ` -d ${quote(description)}` : ''
      const short = flag.char ? ` -s ${flag.char}` : ''
      lines.push(`complete -c ${bin} -n ${condition} -l ${flag.name}${short}${valueOf(flag)}${about}`)
      if (flag.type === 'boolean' && flag.allowNo) lines.push(`complete -c ${bin} -n ${condition} -l no-${flag.name}${about}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** How fish completes the flag's value: its fixed choices, a file name, or anything. */
function valueOf(flag: CompletableFlag): string {
  if (flag.type === 'boolean') return ''
  if (flag.options?.length) return ` -x -a ${quote(flag.options.join(' '))}`
  const shown = [flag.helpValue].flat().join(' ')
  return /FILE|PATH|DIR|REPORT/.test(shown) ? ' -r -F' : ' -x'
}

function words(id: string): string {
  return id.split(':').join(' ')
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim().replace(/\.$/, '')
}

/** A fish single-quoted string: only backslash and the quote itself are special. */
function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}
