// Preloaded by bench/suites/org.ts (node --expose-gc --require bench/live-heap.cjs): what the process still
// holds on the heap once the command has finished, after full collections. An organization audit's findings
// wait on disk, so this must not grow with the number of accounts.
process.on('exit', () => {
  global.gc()
  global.gc()
  process.stderr.write(`\nlive heap after the run: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB\n`)
})
