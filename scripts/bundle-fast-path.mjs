// Bundles bin/run.js's fast path (src/cli/fast-path.ts: credential-process, --version) into
// dist/fast/ with esbuild: one file to parse instead of ~60 modules to resolve and load, which
// is most of its start-up time. The AWS SDK stays outside and is loaded only when a session
// must be renewed (code splitting keeps the refresh code in its own chunks); @smithy stays
// outside because the SDK shares its file interceptor with iamkit's profile reader; the keychain's
// native binding (@napi-rs/keyring, a .node file per platform) stays outside and loads only for a
// keychain profile.
import { build } from 'esbuild'

await build({
  entryPoints: { 'fast-path': 'src/cli/fast-path.ts' },
  outdir: 'dist/fast',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*', '@napi-rs/keyring'],
  // CommonJS dependencies (proper-lockfile) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __iamkitCreateRequire } from 'node:module'; const require = __iamkitCreateRequire(import.meta.url);" },
  logLevel: 'warning',
})
