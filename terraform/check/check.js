#!/usr/bin/env node
'use strict';
// Usage: node check.js [DIR]   (DIR defaults to terraform/, the parent of this folder)
// Prints each problem as `file:line: message` and exits 1, or prints a one-line summary.
const path = require('node:path');
const { checkTree, formatProblem } = require('./lib/check');

async function main() {
  const root = path.resolve(process.argv[2] || path.join(__dirname, '..'));
  const result = await checkTree(root, { exclude: [__dirname] });
  if (result.notice) console.log(`notice: ${result.notice}`);
  for (const p of result.problems) console.log(formatProblem(p));
  if (result.problems.length > 0) {
    console.log(`terraform check: ${result.problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`terraform check: OK: ${result.files} files in ${result.modules} modules, ${result.resources} resources and data sources `
    + `checked against hashicorp/google ${result.providerVersion}`);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
