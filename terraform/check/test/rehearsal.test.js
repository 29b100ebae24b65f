'use strict';
// A rehearsal of the first deployment: the commands of terraform/README.md "First deployment", run in their
// order against each example's module, as a dependency graph instead of a cloud. Each `terraform apply`
// creates what it targets (with everything that depends on) or everything left, in an order Terraform may
// choose: a resource is created only after the resources it depends on, and in any order relative to the
// rest. The rehearsal fails when a resource would use something before it certainly exists:
//   - a service agent (its google_project_service_identity and a grant to it);
//   - a secret version (added by `gcloud secrets versions add` after the secret was created);
//   - a bucket (the object's bucket; the function's source object and the build's read grant), or the
//     jars (`mvn ... package` before Terraform zips them).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadTree, serviceAgentNeeds, AGENT_NAMES } = require('../lib/check');
const { buildGraph, ancestors, applyOrder } = require('../lib/graph');

const TERRAFORM = path.join(__dirname, '..', '..');
const README = path.join(TERRAFORM, 'README.md');
const MODULE = 'metadata_guard';

// The commands of the "First deployment" section, in order.
function recipe(readme) {
  const start = readme.indexOf('### First deployment');
  assert.ok(start >= 0, 'README.md has no "### First deployment" section');
  const end = readme.indexOf('\n### ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const commands = [];
  const block = /```sh\n([\s\S]*?)```/g;
  let m;
  while ((m = block.exec(section)) !== null) {
    for (const line of m[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) commands.push(line);
  }
  return commands;
}

// What the example gives the module: its ticket sinks, hence the secrets the ticket opener mounts.
function exampleSecrets(example, mod) {
  const call = example.modules.get(MODULE);
  assert.ok(call, `${example.dir} calls no module "${MODULE}"`);
  const sinks = call.json.ticket_sinks || [call.json.ticket_sink || 'pubsub'];
  const catalogue = mod.locals.get('ticket_secret_catalogue').json.ticket_secret_catalogue;
  return Object.values(catalogue).filter((s) => sinks.includes(s.sink)).map((s) => s.secret_id);
}

// What `id` needs to exist before it is created, each with a description: [{ what, ids }] (any one of ids).
function needsOf(mod, graph, agentNeeds, id) {
  const entry = mod.resources.get(id);
  const needs = [];
  for (const { service, identities, grants } of agentNeeds.get(id) || []) {
    needs.push({ what: `the ${AGENT_NAMES[service]} service agent`, ids: identities });
    needs.push({ what: `a grant to the ${AGENT_NAMES[service]} service agent`, ids: grants });
  }
  if (!entry) return needs;
  const type = entry.block.labels[0];
  const text = JSON.stringify(entry.json);
  if (type === 'google_storage_bucket_object') {
    needs.push({ what: 'its bucket', ids: [...mod.resources.keys()].filter((r) => r.startsWith('google_storage_bucket.')) });
  }
  if (type === 'google_cloudfunctions2_function') {
    needs.push({ what: 'its source object', ids: [...mod.resources.keys()].filter((r) => r.startsWith('google_storage_bucket_object.')) });
    // Cloud Build reads the copy Cloud Functions makes in gcf-v2-sources-NUMBER-REGION (provider #20571).
    needs.push({
      what: 'the build account\'s read grant on the gcf-v2-sources bucket',
      ids: [...mod.locals.has('function_sources_bucket') ? mod.resources.keys() : []]
        .filter((r) => JSON.stringify(mod.resources.get(r).json).includes('local.function_sources_bucket')),
    });
    if (text.includes('secret_environment_variables')) {
      needs.push({ what: 'the secrets it mounts', ids: [...mod.resources.keys()].filter((r) => r.startsWith('google_secret_manager_secret.')) });
    }
  }
  return needs;
}

// Runs the recipe (the README's, or `commands`) for one example; `change` may alter the module's graph first.
async function rehearse(exampleName, { commands, change } = {}) {
  const { modules } = await loadTree(TERRAFORM, { exclude: [path.join(TERRAFORM, 'check')], cwd: TERRAFORM });
  const mod = modules.get(TERRAFORM);
  const example = modules.get(path.join(TERRAFORM, 'examples', exampleName));
  const graph = buildGraph(mod);
  if (change) change(graph);
  const order = applyOrder(graph);
  const agentNeeds = serviceAgentNeeds(mod);
  const secrets = exampleSecrets(example, mod);
  const created = new Set();
  const versions = new Set();
  const problems = [];
  let jars = false;

  const create = (ids, step) => {
    if (!jars && [...ids].some((id) => id.startsWith('data.archive_file.'))) problems.push(`step "${step}" zips the jars before they are built`);
    const before = new Set(created); // created in an earlier step
    for (const id of order.filter((n) => ids.has(n) && !created.has(n))) {
      const waits = ancestors(graph, id);
      for (const need of needsOf(mod, graph, agentNeeds, id)) {
        if (!need.ids.some((n) => before.has(n) || waits.has(n))) problems.push(`step "${step}": ${id} is created before ${need.what} exists`);
      }
      if (id.startsWith('google_cloudfunctions2_function.') && JSON.stringify(mod.resources.get(id).json).includes('secret_environment_variables')) {
        for (const secret of secrets.filter((s) => !versions.has(s))) {
          problems.push(`step "${step}": ${id} starts on secret ${secret}, which has no version yet`);
        }
      }
      created.add(id);
    }
  };

  for (const command of commands || recipe(fs.readFileSync(README, 'utf8'))) {
    if (/^mvn .*\bpackage\b/.test(command)) {
      jars = true;
    } else if (/^terraform apply\b/.test(command)) {
      const target = /-target=module\.metadata_guard\.([\w.]+)/.exec(command);
      if (target) {
        const id = target[1];
        if (id.startsWith('google_secret_manager_secret.') && secrets.length === 0) continue; // "only with such a sink"
        assert.ok(graph.nodes.has(id), `the README targets ${id}, which the module does not have`);
        create(new Set([id, ...ancestors(graph, id)]), command);
      } else {
        create(new Set(graph.nodes.keys()), command);
      }
    } else if (/\bgcloud secrets versions add\b/.test(command)) {
      if (secrets.length === 0) continue;
      const secret = /versions add ([\w-]+)/.exec(command)[1];
      const resource = [...created].find((id) => id.startsWith('google_secret_manager_secret.'));
      if (!resource) problems.push(`"${command}" adds a version to ${secret} before Terraform created it`);
      versions.add(secret);
    }
  }
  assert.equal(created.size, graph.nodes.size, 'the recipe leaves resources uncreated');
  return { problems, secrets };
}

test('examples/project applies in one pass by the README recipe', async () => {
  const { problems, secrets } = await rehearse('project');
  assert.deepEqual(secrets, []);
  assert.deepEqual(problems, []);
});

test('examples/organization (github sink) applies by the README recipe, its token added before the functions', async () => {
  const { problems, secrets } = await rehearse('organization');
  assert.deepEqual(secrets, ['metadata-guard-github-token']);
  assert.deepEqual(problems, []);
});

test('the rehearsal fails a recipe without the secret version step', async () => {
  const steps = recipe(fs.readFileSync(README, 'utf8'));
  const { problems } = await rehearse('organization', { commands: steps.filter((c) => !c.includes('gcloud secrets versions add')) });
  assert.ok(problems.some((p) => /google_cloudfunctions2_function\.function starts on secret metadata-guard-github-token, which has no version yet/.test(p)),
    problems.join('\n'));
});

test('the rehearsal fails a function that does not wait for the service agents, and jars zipped before the build', async () => {
  const steps = recipe(fs.readFileSync(README, 'utf8')).filter((c) => !c.startsWith('mvn '));
  const fn = 'google_cloudfunctions2_function.function';
  const { problems } = await rehearse('project', {
    commands: steps,
    // The function keeps only what does not lead to a service agent (its source, accounts, topics, ...).
    change: (graph) => graph.deps.set(fn, new Set([...graph.deps.get(fn)].filter((d) => d !== 'google_project_service_identity.agent'
      && !ancestors(graph, d).has('google_project_service_identity.agent')))),
  });
  assert.ok(problems.some((p) => p.includes(`${fn} is created before the Eventarc service agent exists`)), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('zips the jars before they are built')), problems.join('\n'));
});
