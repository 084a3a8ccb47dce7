#!/usr/bin/env node
// CommonJS (bin/package.json): credential-process runs before every AWS CLI call, and a CommonJS
// start skips Node's ES module loader. dist/bundle/main.cjs answers credential-process and
// --version itself (scripts/bundle-cli.mjs); everything else is oclif's, started here (run-oclif.cjs:
// oclif's side with its V8 code cache).
const root = require('node:path').join(__dirname, '..')
const argv = process.argv.slice(2)
require('../dist/bundle/main.cjs')
  .main(argv, root)
  .then(async (answered) => {
    if (!answered) await require('../dist/bundle/run-oclif.cjs').runOclif(argv, root)
  })
