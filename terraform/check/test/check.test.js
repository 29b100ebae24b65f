'use strict';
// Checker behaviour that needs files no committed fixture may hold (a syntax error or an
// unformatted file would break `terraform fmt -check` on terraform/), on temporary folders.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { checkTree } = require('../lib/check');
const { locate } = require('../lib/locate');

function tempTree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function problemsOf(files) {
  const dir = tempTree(files);
  try {
    const result = await checkTree(dir, { cwd: dir });
    return result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a syntax error is reported at its line', async () => {
  const problems = await problemsOf({ 'main.tf': 'resource "google_pubsub_topic" "t" {\n  name =\n}\n' });
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /^main\.tf:2: syntax error: Invalid expression/);
});

test('an argument written as a block and a block written as an argument are both reported', async () => {
  const problems = await problemsOf({
    'main.tf': [
      'resource "google_pubsub_subscription" "s" {',
      '  name  = "s"',
      '  topic = "t"',
      '  labels {',
      '  }',
      '  retry_policy = { minimum_backoff = "10s" }',
      '  dead_letter_policy {',
      '    max_delivery_attempts = 5',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  assert.ok(problems.includes('main.tf:4: "labels" in google_pubsub_subscription.s is an argument: write labels = ..., not a block'), problems.join('\n'));
  assert.ok(problems.includes('main.tf:6: "retry_policy" in google_pubsub_subscription.s is a block: write retry_policy { ... }, not retry_policy = ...'), problems.join('\n'));
});

test('literal values of the wrong type are reported', async () => {
  const problems = await problemsOf({
    'main.tf': 'resource "google_pubsub_subscription" "s" {\n  name                 = "s"\n  topic                = "t"\n  ack_deadline_seconds = "soon"\n  retry_policy {\n  }\n  dead_letter_policy {\n  }\n}\n',
  });
  assert.deepEqual(problems, ['main.tf:4: argument "ack_deadline_seconds" in google_pubsub_subscription.s expects a number, got "soon"']);
});

test('a missing required argument is reported at its block', async () => {
  const problems = await problemsOf({ 'main.tf': 'resource "google_service_account" "sa" {\n  project = "p"\n}\n' });
  assert.deepEqual(problems, ['main.tf:1: missing required argument "account_id" in google_service_account.sa']);
});

test('an unknown attribute of a resource reference is reported', async () => {
  const problems = await problemsOf({
    'main.tf': 'resource "google_service_account" "sa" {\n  account_id = "sa"\n}\n\noutput "email" {\n  value = google_service_account.sa.emial\n}\n',
  });
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /^main\.tf:6: google_service_account\.sa has no attribute "emial" \(did you mean "email"\?\)$/);
});

test('module calls are checked against the called module', async () => {
  const problems = await problemsOf({
    'mod/variables.tf': 'variable "project_id" {\n  type = string\n}\n\nvariable "mode" {\n  type    = string\n  default = "dry-run"\n}\n\noutput "topic" {\n  value = var.project_id\n}\n',
    'root/main.tf': 'module "guard" {\n  source = "../mod"\n\n  modd = "enforce"\n}\n\noutput "topic" {\n  value = module.guard.topics\n}\n',
  });
  assert.deepEqual(problems, [
    'root/main.tf:1: missing required argument "project_id" in module "guard"',
    'root/main.tf:4: unsupported argument "modd" in module "guard": ../mod declares no such variable (did you mean "mode"?)',
    'root/main.tf:8: module "guard" has no output "topics" (did you mean "topic"?)',
  ]);
});

test('each.* outside a for_each block is reported', async () => {
  const problems = await problemsOf({ 'main.tf': 'resource "google_pubsub_topic" "t" {\n  name = each.key\n}\n' });
  assert.deepEqual(problems, ['main.tf:2: "each.key" used outside a block with for_each']);
});

const hasTerraform = !spawnSync('terraform', ['version'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).error;

test('an unformatted file is reported', { skip: !hasTerraform && 'no terraform binary' }, async () => {
  const problems = await problemsOf({ 'main.tf': 'resource "google_pubsub_topic" "t" {\n  name=   "t"\n}\n' });
  assert.deepEqual(problems, ['main.tf:1: not in canonical format: run terraform fmt']);
});

test('locate finds attribute and block lines across heredocs, templates and multi-line values', () => {
  const body = locate([
    'locals {',
    '  text = <<-EOT',
    '    a { b = "${x}" }',
    '  EOT',
    '  list = [',
    '    "a=b",',
    '  ]',
    '  s = "${jsonencode({ a = "}" })}"',
    '}',
    'resource "t" "n" {',
    '  nested { x = 1 }',
    '}',
  ].join('\n'));
  const [locals, resource] = body.blocks;
  assert.deepEqual(locals.body.attrs, {
    text: { line: 2, endLine: 4 }, list: { line: 5, endLine: 7 }, s: { line: 8, endLine: 8 },
  });
  assert.equal(locals.body.blocks.length, 0);
  assert.deepEqual([resource.type, resource.labels, resource.line], ['resource', ['t', 'n'], 10]);
  assert.deepEqual(resource.body.blocks[0].body.attrs, { x: { line: 11, endLine: 11 } });
});

test("the replacer's update permission is held by one role, bound only where the policy may replace", async () => {
  const member = 'serviceAccount:mg@p.iam.gserviceaccount.com';
  const problems = await problemsOf({
    'main.tf': [
      'variable "replace_in_projects" {',
      '  type    = list(string)',
      '  default = ["p"]',
      '}',
      '',
      'variable "replace_in_organization" {',
      '  type    = bool',
      '  default = false',
      '}',
      '',
      'locals {',
      '  replacer_write_permissions = ["container.clusters.update"]',
      '  replacer_write_role        = "organizations/1/roles/w"',
      '}',
      '',
      'resource "google_project_iam_custom_role" "reader" {',
      '  project     = "p"',
      '  role_id     = "reader"',
      '  title       = "reader"',
      '  permissions = ["container.clusters.get", "container.clusters.update"]',
      '}',
      '',
      'resource "google_project_iam_member" "scoped" {',
      '  for_each = toset(var.replace_in_projects)',
      '  project  = each.key',
      '  role     = local.replacer_write_role',
      `  member   = "${member}"`,
      '}',
      '',
      'resource "google_organization_iam_member" "everywhere" {',
      '  org_id = "1"',
      '  role   = local.replacer_write_role',
      `  member = "${member}"`,
      '}',
      '',
      'resource "google_organization_iam_member" "asked_for" {',
      '  count  = var.replace_in_organization ? 1 : 0',
      '  org_id = "1"',
      '  role   = local.replacer_write_role',
      `  member = "${member}"`,
      '}',
      '',
    ].join('\n'),
  });
  assert.deepEqual(problems, [
    'main.tf:20: "container.clusters.update" is the node-pool replacer\'s write: list it only in local.replacer_write_permissions, whose role is granted where the policy may replace',
    'main.tf:32: google_organization_iam_member.everywhere grants the replacer\'s writes on the organisation: its count must come from var.replace_in_organization',
  ]);
});

test('each function triggers as an account of its own, allowed to invoke only that function', async () => {
  const fn = (trigger) => [
    'resource "google_cloudfunctions2_function" "f" {',
    '  for_each = toset(["a", "b"])',
    '  name     = each.key',
    '  location = "us-central1"',
    '  service_config {',
    '    service_account_email = google_service_account.function[each.key].email',
    '  }',
    '  event_trigger {',
    `    service_account_email = ${trigger}`,
    '  }',
    '}',
    '',
    'resource "google_service_account" "function" {',
    '  for_each   = toset(["a", "b"])',
    '  account_id = each.key',
    '}',
    '',
    'resource "google_service_account" "trigger" {',
    '  account_id = "trigger"',
    '}',
    '',
    'resource "google_cloud_run_v2_service_iam_member" "invoker" {',
    '  for_each = toset(["a", "b"])',
    '  name     = google_cloudfunctions2_function.f[each.key].name',
    '  role     = "roles/run.invoker"',
    '  member   = "serviceAccount:${google_service_account.trigger.email}"',
    '}',
    '',
  ].join('\n');
  const problems = await problemsOf({ 'main.tf': fn('google_service_account.trigger.email') });
  assert.deepEqual(problems, [
    'main.tf:9: every instance of google_cloudfunctions2_function.f triggers as google_service_account.trigger.email: index the trigger\'s service account by each.key, one per function',
    'main.tf:26: google_cloud_run_v2_service_iam_member.invoker lets one account invoke every function: grant each function\'s invoker role to its own trigger account (index it by each.key)',
  ]);
});

test('permissions.json: a made-up permission, and one no custom role may hold, are reported at their line', async () => {
  const problems = await problemsOf({
    'locals.tf': 'locals {\n  above_project = ["resourcemanager.folders.", "resourcemanager.organizations."]\n}\n',
    'permissions.json': [
      '{',
      '  "inspector": ["container.clusters.get", "resourcemanager.organizations.getIamPolicy"],',
      '  "opener@scc-source": ["securitycenter.findings.list", "securitycenter.findings.write"],',
      '  "sweeper": ["cloudasset.assets.searchAllResources", "made.up.permission"]',
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /^permissions\.json:3: opener@scc-source: "securitycenter\.findings\.write" is not a Google Cloud IAM permission .*that resource has: .*securitycenter\.findings\.update/);
  assert.match(problems[1], /^permissions\.json:4: sweeper: "made\.up\.permission": the service "made" is not in the IAM permission snapshot/);
});

test('permissions.json: without local.above_project a folder permission is checked as a project role\'s', async () => {
  const problems = await problemsOf({
    'main.tf': 'locals {\n  roles = jsondecode(file("permissions.json"))\n}\n',
    'permissions.json': '{\n  "inspector": ["resourcemanager.folders.get"]\n}\n',
  });
  assert.deepEqual(problems.map((p) => p.replace(/ \(the IAM.*$/, '')), [
    'permissions.json:2: inspector: "resourcemanager.folders.get" is allowed only in organisation-level custom roles, not in a project\'s',
  ]);
});

test('the permission snapshot is dated, names its source, and knows the permissions the guard relies on', () => {
  const { loadSnapshot, permissionProblem } = require('../lib/permissions');
  const snapshot = loadSnapshot();
  assert.match(snapshot.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(snapshot.source, /^https:\/\/github\.com\/iann0036\/iam-dataset at [0-9a-f]{40} /);
  assert.equal(permissionProblem('securitycenter.findings.update', 'organization'), null);
  assert.equal(permissionProblem('container.clusters.get', 'project'), null);
  assert.match(permissionProblem('securitycenter.findings.create', 'organization'), /is not a Google Cloud IAM permission/);
  assert.equal(permissionProblem('resourcemanager.folders.getIamPolicy', 'organization'), null);
});

test('a resource acting through a service agent must also wait for a grant to that agent', async () => {
  const problems = await problemsOf({
    'main.tf': [
      'resource "google_project_service" "eventarc" {',
      '  service = "eventarc.googleapis.com"',
      '}',
      '',
      'resource "google_project_service_identity" "eventarc" {',
      '  provider = google-beta',
      '  service  = "eventarc.googleapis.com"',
      '}',
      '',
      'resource "google_project_service_identity" "pubsub" {',
      '  provider = google-beta',
      '  service  = "pubsub.googleapis.com"',
      '}',
      '',
      'resource "google_service_account_iam_member" "pubsub_mints_tokens" {',
      '  service_account_id = "projects/p/serviceAccounts/t@p.iam.gserviceaccount.com"',
      '  role               = "roles/iam.serviceAccountTokenCreator"',
      '  member             = google_project_service_identity.pubsub.member',
      '}',
      '',
      'resource "google_eventarc_trigger" "t" {',
      '  name     = "t"',
      '  location = "us-central1"',
      '  matching_criteria {',
      '    attribute = "type"',
      '    value     = "google.cloud.pubsub.topic.v1.messagePublished"',
      '  }',
      '  destination {',
      '  }',
      '  depends_on = [google_project_service_identity.eventarc, google_service_account_iam_member.pubsub_mints_tokens]',
      '}',
      '',
    ].join('\n'),
  });
  assert.deepEqual(problems, ['main.tf:21: google_eventarc_trigger.t acts through the Eventarc service agent but does not '
    + 'depend on a grant to it: give the agent the role it needs and depend on that binding']);
});

test('local.topic_publishers must name exactly who may publish to each topic', async () => {
  const table = (overrides) => {
    const entries = {
      'gke-audit-events': '[local.sink_writer_identity]',
      'inspection-requests': '[local.function_members["estate-sweeper"], local.function_members["ticket-opener"]]',
      'replacement-requests': '[local.function_members["audit-inspector"]]',
      'ticket-requests': '[local.function_members["audit-inspector"], local.function_members["node-pool-replacer"], local.function_members["estate-sweeper"]]',
      'sweep-requests': 'concat([local.agent_member["cloudscheduler.googleapis.com"]], local.sweep_operators)',
      'sweep-reports': '[local.function_members["estate-sweeper"]]',
      'metadata-guard-tickets': '[local.function_members["ticket-opener"]]',
      'gke-audit-events-dead-letter': '[local.function_members["audit-inspector"], local.agent_member["pubsub.googleapis.com"]]',
      'inspection-requests-dead-letter': '[local.agent_member["pubsub.googleapis.com"]]',
      'replacement-requests-dead-letter': '[local.function_members["node-pool-replacer"], local.agent_member["pubsub.googleapis.com"]]',
      'ticket-requests-dead-letter': '[local.function_members["ticket-opener"], local.agent_member["pubsub.googleapis.com"]]',
      'sweep-requests-dead-letter': '[local.function_members["estate-sweeper"], local.agent_member["pubsub.googleapis.com"]]',
      'sweep-reports-dead-letter': '[local.agent_member["pubsub.googleapis.com"]]',
      'metadata-guard-tickets-dead-letter': '[local.agent_member["pubsub.googleapis.com"]]',
      ...overrides,
    };
    const lines = Object.entries(entries).filter(([, v]) => v !== null).map(([k, v]) => `    "${k}" = ${v}`);
    return `locals {\n  sink_writer_identity = "x"\n  function_members     = {}\n  agent_member         = {}\n  sweep_operators      = []\n  topic_publishers = {\n${lines.join('\n')}\n  }\n}\n`;
  };
  // The table is written for this test, not aligned as terraform fmt would.
  const unformatted = (list) => list.filter((p) => !p.endsWith('not in canonical format: run terraform fmt'));
  assert.deepEqual(unformatted(await problemsOf({ 'main.tf': table({}) })), []);

  const problems = unformatted(await problemsOf({
    'main.tf': table({
      // A forged inspection request may grant replacements: the sweeper must not publish replacements itself.
      'replacement-requests': '[local.function_members["audit-inspector"], local.function_members["estate-sweeper"]]',
      'sweep-reports': '[]',
      'metadata-guard-tickets-dead-letter': null,
    }),
  }));
  assert.deepEqual(problems.map((p) => p.replace(/^main\.tf:\d+: /, '')), [
    'local.topic_publishers has no entry for "metadata-guard-tickets-dead-letter": Pub/Sub service agent must be able to publish to it',
    'local.topic_publishers["replacement-requests"]: estate-sweeper may not publish to replacement-requests (allowed: audit-inspector)',
    'local.topic_publishers["sweep-reports"]: estate-sweeper must be able to publish to sweep-reports',
  ]);
});
