'use strict';
// Each broken fixture must fail the checker with one problem, named by file, line and cause.
// The fixtures are checked in this process (the WebAssembly parser starts once); the command
// line itself is run on one broken fixture, the good one and the real terraform/.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { checkTree, formatProblem } = require('../lib/check');

const CHECK = path.join(__dirname, '..', 'check.js');
const FIXTURES = path.join(__dirname, 'fixtures');

const BROKEN = [
  { fixture: 'misspelt-argument', line: 3, problem: 'unsupported argument "projcet" in google_pubsub_topic.events (did you mean "project"?)' },
  { fixture: 'unknown-resource-type', line: 1, problem: 'unknown resource type "google_pubsub_topik"' },
  { fixture: 'misspelt-block', line: 4, problem: 'unsupported block type "message_storage_polcy" in google_pubsub_topic.events (did you mean "message_storage_policy"?)' },
  { fixture: 'dangling-var', line: 6, problem: 'reference to undeclared input variable "var.projectid"' },
  { fixture: 'dangling-local', line: 6, problem: 'reference to undeclared local value "local.topic"' },
  { fixture: 'dangling-resource', line: 6, problem: 'reference to undeclared resource "google_pubsub_topic.event"' },
  { fixture: 'primitive-role', line: 3, problem: 'primitive role "roles/editor" is not allowed' },
  { fixture: 'container-admin', line: 2, problem: '"roles/container.admin" is not allowed' },
  { fixture: 'all-users', line: 8, problem: 'public member "allUsers" is not allowed' },
  { fixture: 'shared-service-account', line: 19, problem: 'google_cloudfunctions2_function.replacer shares its service account google_service_account.functions with google_cloudfunctions2_function.inspector' },
  { fixture: 'subscription-without-dead-letter', line: 5, problem: 'google_pubsub_subscription.events has no dead_letter_policy block' },
  { fixture: 'publisher-outside-table', line: 7, problem: 'google_pubsub_topic_iam_member.anyone_in_the_project grants roles/pubsub.publisher outside local.topic_publishers' },
  { fixture: 'function-without-service-agent', line: 32, problem: 'google_cloudfunctions2_function.inspector acts through the Eventarc service agent but does not depend on its google_project_service_identity (service "eventarc.googleapis.com")' },
  { fixture: 'custom-role-made-up-permission', line: 5, problem: 'google_organization_iam_custom_role.findings: "securitycenter.findings.create" is not a Google Cloud IAM permission' },
  { fixture: 'custom-role-organization-permission', line: 7, problem: 'google_project_iam_custom_role.reader: "resourcemanager.organizations.getIamPolicy" is allowed only in organisation-level custom roles' },
];

function assertOneProblem(lines, fixture, line, problem) {
  assert.equal(lines.length, 1, `expected one problem, got:\n${lines.join('\n')}`);
  const prefix = `${fixture}/main.tf:${line}: `;
  assert.ok(lines[0].startsWith(prefix), `expected prefix ${prefix} in ${lines[0]}`);
  assert.ok(lines[0].includes(problem), `expected "${problem}" in ${lines[0]}`);
}

for (const { fixture, line, problem } of BROKEN) {
  test(`fixture ${fixture} fails at main.tf:${line}`, async () => {
    const result = await checkTree(path.join(FIXTURES, fixture), { cwd: FIXTURES });
    assertOneProblem(result.problems.map(formatProblem), fixture, line, problem);
  });
}

test('fixture good has no problem', async () => {
  const result = await checkTree(path.join(FIXTURES, 'good'), { cwd: FIXTURES });
  assert.deepEqual(result.problems.map(formatProblem), []);
  assert.equal(result.resources, 7);
});

function runCheck(args, cwd) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CHECK, ...args], { cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      const problems = stdout.split('\n').filter((l) => /^[^\s:]+\.tf:\d+: /.test(l));
      resolve({ status: err ? err.code : 0, stdout, stderr, problems });
    });
  });
}

test('command line: a broken fixture prints file:line: message and exits 1', async () => {
  const res = await runCheck(['dangling-var'], FIXTURES);
  assert.equal(res.status, 1, res.stdout + res.stderr);
  assertOneProblem(res.problems, 'dangling-var', 6, 'reference to undeclared input variable "var.projectid"');
});

test('command line: the good fixture passes with a one-line summary', async () => {
  const res = await runCheck(['good'], FIXTURES);
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /^terraform check: OK: 1 files in 1 modules, 7 resources and data sources checked against hashicorp\/google \d+\.\d+\.\d+$/m);
});

test('command line: the real terraform/ passes', async () => {
  const res = await runCheck([], path.join(__dirname, '..', '..'));
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.deepEqual(res.problems, []);
  assert.match(res.stdout, /^terraform check: OK: \d+ files in 4 modules, \d+ resources and data sources/m);
});
