'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { readPermissions, renderTable, replaceTable, README } = require('../permissions-table');

test('README permissions table matches permissions.json', () => {
  const readme = fs.readFileSync(README, 'utf8');
  const expected = replaceTable(readme, renderTable(readPermissions()));
  assert.equal(readme, expected, 'terraform/README.md is out of date: run node terraform/check/permissions-table.js --write');
});

test('permissions.json maps each function, and the ticket opener on the SCC source, to a sorted list of permissions', () => {
  const permissions = readPermissions();
  assert.deepEqual(Object.keys(permissions), ['audit-inspector', 'estate-sweeper', 'node-pool-replacer', 'ticket-opener', 'ticket-opener@scc-source']);
  for (const perms of Object.values(permissions)) assert.deepEqual(perms, [...perms].sort());
});

test('a permission with no known API call is refused', () => {
  assert.throws(() => renderTable({ fn: ['compute.instances.delete'] }), /no API call known for permission "compute.instances.delete"/);
});
