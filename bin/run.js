#!/usr/bin/env node
// The whole CLI is one esbuild bundle (scripts/bundle-cli.mjs): credential-process and --version
// are answered there without loading oclif; everything else starts oclif from the same bundle.
const { main } = await import('../dist/bundle/main.js')
await main(process.argv.slice(2), import.meta.url)
