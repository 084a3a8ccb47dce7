import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { run, Sandbox } from '../support/sandbox.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

// Renders help with oclif as installed (node_modules, not the bundle), for each argv given. For
// `help --help` stock oclif shows the root help (it skips every "help" word when it picks what to
// help with); iamkit shows the help command's own (src/cli/help-of-help.ts), which oclif renders so.
const STOCK_HELP = `
const [root, argvs] = [process.argv[1], JSON.parse(process.argv[2])]
const { Config, Help } = require(require.resolve('@oclif/core', { paths: [root] }))
;(async () => {
  const texts = []
  for (const argv of argvs) {
    // A fresh Config each time: a second rendering in one Config loses a command's subcommands.
    const config = await Config.load({ root })
    let text = ''
    const write = process.stdout.write
    process.stdout.write = (chunk) => ((text += chunk), true)
    const help = new Help(config, config.pjson.oclif.helpOptions ?? {})
    const own = process.env.OWN_HELP_OF_HELP && argv.join(' ') === 'help --help'
    try { await (own ? help.showCommandHelp(config.findCommand('help')) : help.showHelp(argv)) } finally { process.stdout.write = write }
    texts.push(text)
  }
  process.stdout.write(JSON.stringify(texts))
})()
`

/**
 * The CLI runs from an esbuild bundle (scripts/bundle-cli.mjs) that narrows what it takes from
 * oclif, sorts the manifest by code point and shortcuts help's text measuring and templates
 * (test/unit/cli/help-shortcuts.test.ts): what users see must stay oclif's own.
 */
describe('the bundled CLI', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    sandbox = await Sandbox.create()
  })
  afterEach(() => sandbox.dispose())

  it("prints oclif's help text, for the CLI, every topic and every command", async () => {
    const manifest = JSON.parse(await readFile(`${ROOT}oclif.manifest.json`, 'utf8')) as { commands: Record<string, { hidden?: boolean }> }
    const ids = Object.keys(manifest.commands)
    const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]!))]
    const argvs = [[], ...topics.map((t) => [t]), ...ids.map((id) => id.split(':'))].map((argv) => [...argv, '--help'])
    const stock = await run(process.execPath, ['-e', STOCK_HELP, ROOT, JSON.stringify(argvs)], { ...sandbox.env, OWN_HELP_OF_HELP: '1' })
    expect(stock.code, stock.stderr).toBe(0)
    const expected = JSON.parse(stock.stdout) as string[]
    expect(expected.length).toBe(argvs.length)
    for (const [i, argv] of argvs.entries()) {
      const bundled = await sandbox.iamkit(argv)
      expect({ argv, code: bundled.code, stdout: bundled.stdout }).toEqual({ argv, code: 0, stdout: expected[i] })
    }
  })

  it('shows the help command’s own help for help help, help --help, help -h and --help help, where stock oclif shows the root help', async () => {
    const stock = await run(process.execPath, ['-e', STOCK_HELP, ROOT, JSON.stringify([['help', 'help'], []])], sandbox.env)
    const [stockHelpHelp, root] = JSON.parse(stock.stdout) as string[]
    expect(stockHelpHelp).toBe(root)
    const own = await sandbox.iamkit(['help', 'help'])
    expect(own).toMatchObject({ code: 0, stderr: '' })
    expect(own.stdout).toMatch(/^Show help for iamkit, or for one command\.\n\nUSAGE\n {2}\$ iamkit help \[COMMAND…\]\n/)
    for (const argv of [['help', '--help'], ['help', '-h'], ['--help', 'help']]) expect(await sandbox.iamkit(argv)).toEqual(own)
    expect((await sandbox.iamkit(['help'])).stdout).toBe(root)
  })

  it("lists commands in oclif's order: code-point order is localeCompare's for every command id", async () => {
    const manifest = JSON.parse(await readFile(`${ROOT}oclif.manifest.json`, 'utf8')) as { commands: Record<string, unknown> }
    const ids = Object.keys(manifest.commands)
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual([...ids].sort((a, b) => a.localeCompare(b)))
  })

  it('holds none of oclif’s index module or semver (what src/cli/oclif-core.ts spares)', async () => {
    const contents = JSON.parse(await readFile(`${ROOT}dist/bundle/contents.json`, 'utf8')) as Record<string, string[]>
    expect(Object.values(contents).flat()).not.toContain('semver')
    expect(Object.values(contents).flat()).toContain('@oclif/core')
  })

  // oclif's side is one CommonJS file started from V8's code cache the build wrote (src/cli/code-cache.ts), and so is
  // iamkit's commands (its rooms: policy.cjs, iamkit.cjs) and the AWS SDK they load (aws.cjs, trained by a login against a closed port).
  it('starts oclif from the code cache the build wrote for this Node', async () => {
    const door = `${ROOT}dist/bundle/run-oclif.cjs`
    const probe = await run(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(door)}).probeOclifCodeCache()))`], sandbox.env)
    expect({ code: probe.code, stdout: probe.stdout, stderr: probe.stderr }).toEqual({ code: 0, stdout: `${JSON.stringify({ oclif: 'accepted', iamkit: 'accepted', policy: 'accepted', aws: 'accepted' })}\n`, stderr: '' })
  })

  // Without DEBUG oclif logs to nothing (src/cli/oclif-logger.ts); with it, oclif's own debug logger prints as ever.
  it("prints oclif's debug lines when DEBUG asks for them, and nothing otherwise", async () => {
    const debug = await sandbox.iamkit(['--help'], { env: { ...sandbox.env, DEBUG: 'oclif:*' } })
    expect(debug.code).toBe(0)
    expect(debug.stderr).toMatch(/oclif:main process\.argv/)
    expect(debug.stderr).toMatch(/oclif:config/)
    const quiet = await sandbox.iamkit(['--help'])
    expect({ code: quiet.code, stderr: quiet.stderr, stdout: quiet.stdout }).toEqual({ code: 0, stderr: '', stdout: debug.stdout })
  })
})
