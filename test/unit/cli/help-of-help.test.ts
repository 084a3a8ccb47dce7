import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { HELP_FLAGS, helpOfHelpArgv } from '../../../src/cli/help-of-help.js'

const pjson = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { oclif: { additionalHelpFlags?: string[] } }

describe('help of the help command', () => {
  it('knows the help flags oclif is configured with', () => {
    expect([...HELP_FLAGS].sort()).toEqual([...new Set(['--help', ...(pjson.oclif.additionalHelpFlags ?? [])])].sort())
  })

  it.each([[['help', '--help']], [['help', '-h']], [['--help', 'help']], [['-h', 'help']], [['help', 'help', '--help']]])('%j asks for the help command’s own help', (argv) => {
    expect(helpOfHelpArgv(argv)).toEqual(['help', 'help'])
  })

  it.each([[[]], [['--help']], [['help']], [['help', 'help']], [['help', 'login']], [['login', '--help']], [['help', '--help', '--json']], [['exec', 'x', '--', 'help', '--help']]])('leaves %j as it is', (argv) => {
    expect(helpOfHelpArgv(argv)).toEqual(argv)
  })
})
