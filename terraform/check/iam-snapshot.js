#!/usr/bin/env node
'use strict';
// Refreshes terraform/iam-permissions.json, the dated snapshot of Google's IAM permissions that the
// checker (lib/permissions.js) and the Java fakes check every permission name against.
//
//   git clone --depth 1 https://github.com/iann0036/iam-dataset /tmp/iam-dataset
//   node terraform/check/iam-snapshot.js --dataset /tmp/iam-dataset \
//     [--testable-project PROJECT --testable-organization ORG_ID]
//
// Which permissions exist: every permission of every predefined role, from the dataset's gcp/roles/*.json
// (each one the output of `gcloud iam roles describe` for one predefined role; roles/owner alone holds
// nearly all), kept only for the services the guard's Terraform and code name (SERVICES).
//
// Where each may go in a custom role ("project": project- and organisation-level custom roles;
// "organization": organisation-level ones only; "none": no custom role): with --testable-project and
// --testable-organization, from IAM's own answer, `gcloud iam list-testable-permissions` on that project
// and organisation (customRolesSupportLevel, and whether the permission is offered at that level at all),
// which is how "Create and manage custom roles" (cloud.google.com/iam/docs/creating-custom-roles, "View the
// available permissions for projects, folders, and organizations") says to find out. Without them (no
// credentials), from that page's rule that a permission usable only at the organisation level cannot be in
// a project-level custom role: folder and organisation permissions (ORGANIZATION_ONLY) are "organization",
// the rest "project"; the snapshot says which of the two it was made with.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const SNAPSHOT = path.join(__dirname, '..', 'iam-permissions.json');
const DATASET = 'https://github.com/iann0036/iam-dataset';

// The services whose permissions the guard grants or calls (Terraform's roles and bindings, the functions'
// API calls): nothing else is kept, so the snapshot stays small enough to read.
const SERVICES = ['cloudasset', 'cloudfunctions', 'cloudscheduler', 'compute', 'container', 'eventarc',
  'iam', 'logging', 'monitoring', 'pubsub', 'resourcemanager', 'run', 'secretmanager', 'securitycenter', 'storage'];

// Permissions on folders and organisations themselves, which only an organisation-level custom role may hold.
const ORGANIZATION_ONLY = [/^resourcemanager\.folders\./, /^resourcemanager\.organizations\./];

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) throw new Error(`unexpected argument "${argv[i]}": see the usage at the top of ${path.basename(__filename)}`);
    out[m[1]] = argv[++i];
  }
  if (!out.dataset) throw new Error('--dataset DIR is required: a clone of ' + DATASET);
  if (Boolean(out['testable-project']) !== Boolean(out['testable-organization'])) {
    throw new Error('--testable-project and --testable-organization go together (one answer per custom-role level)');
  }
  return out;
}

function datasetPermissions(dir) {
  const roles = path.join(dir, 'gcp', 'roles');
  if (!fs.existsSync(roles)) throw new Error(`${roles} does not exist: --dataset must be a clone of ${DATASET}`);
  const found = new Set();
  for (const name of fs.readdirSync(roles).filter((f) => f.endsWith('.json'))) {
    const role = JSON.parse(fs.readFileSync(path.join(roles, name), 'utf8'));
    for (const p of role.includedPermissions || []) {
      if (SERVICES.includes(p.split('.')[0])) found.add(p);
    }
  }
  if (found.size === 0) throw new Error(`${roles}: no permission of ${SERVICES.join(', ')} found`);
  return found;
}

function gitInfo(dir) {
  const out = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%H %cs'], { encoding: 'utf8' }).trim().split(' ');
  return { commit: out[0], date: out[1] };
}

// name -> customRolesSupportLevel, for the permissions IAM offers custom roles on `resource`.
function testable(resource) {
  const json = execFileSync('gcloud', ['iam', 'list-testable-permissions', resource, '--format=json'],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return new Map(JSON.parse(json).map((p) => [p.name, p.customRolesSupportLevel || 'SUPPORTED']));
}

function levels(permissions, opts) {
  const out = {};
  if (opts['testable-project']) {
    const project = testable(`//cloudresourcemanager.googleapis.com/projects/${opts['testable-project']}`);
    const org = testable(`//cloudresourcemanager.googleapis.com/organizations/${opts['testable-organization']}`);
    const usable = (map, p) => map.has(p) && map.get(p) !== 'NOT_SUPPORTED';
    for (const p of permissions) out[p] = usable(project, p) ? 'project' : usable(org, p) ? 'organization' : 'none';
    return { how: 'gcloud iam list-testable-permissions on a project and an organisation (customRolesSupportLevel)', levels: out };
  }
  for (const p of permissions) out[p] = ORGANIZATION_ONLY.some((re) => re.test(p)) ? 'organization' : 'project';
  return {
    how: 'the rule of cloud.google.com/iam/docs/creating-custom-roles: folder and organisation permissions '
      + '(resourcemanager.folders.*, resourcemanager.organizations.*) in organisation-level custom roles only',
    levels: out,
  };
}

// One permission a line, so a refresh reads as a diff of permissions.
function render(snapshot) {
  const head = { ...snapshot, permissions: undefined };
  const lines = JSON.stringify(head, null, 2).replace(/\n}$/, '').split('\n');
  const perms = Object.entries(snapshot.permissions).map(([p, l]) => `    ${JSON.stringify(p)}: ${JSON.stringify(l)}`);
  return `${lines.join('\n')},\n  "permissions": {\n${perms.join(',\n')}\n  }\n}\n`;
}

function main(argv) {
  const opts = args(argv);
  const found = [...datasetPermissions(opts.dataset)].sort();
  const { commit, date } = gitInfo(opts.dataset);
  const { how, levels: byName } = levels(found, opts);
  const snapshot = {
    about: 'Google Cloud IAM permissions of the services Metadata Guard uses, and the custom roles each may be in. '
      + 'Refresh with terraform/check/iam-snapshot.js; never edit by hand.',
    source: `${DATASET} at ${commit} (${date}): gcp/roles/*.json, gcloud iam roles describe of every predefined role`,
    date,
    custom_role_levels: how,
    levels: {
      project: 'allowed in project- and organisation-level custom roles',
      organization: 'allowed in organisation-level custom roles only',
      none: 'not supported in custom roles',
    },
    services: SERVICES,
    permissions: Object.fromEntries(found.map((p) => [p, byName[p]])),
  };
  fs.writeFileSync(SNAPSHOT, render(snapshot));
  console.log(`${path.relative(process.cwd(), SNAPSHOT)}: ${found.length} permissions of ${SERVICES.length} services, dated ${date}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`iam-snapshot: ${err.message}`);
    process.exit(1);
  }
}

module.exports = { SERVICES, SNAPSHOT, render };
