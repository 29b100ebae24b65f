'use strict';
// Checks a tree of Terraform modules without a provider or a cloud: syntax (hcl2json),
// arguments and blocks against the provider schemas (./schema), references within each module,
// the project's IAM and delivery rules, and `terraform fmt`.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const hcl = require('@cdktf/hcl2json');
const { locate } = require('./locate');
const { loadGoogleSchema, resourceSchema } = require('./schema');
const { permissionProblem, permissionNames } = require('./permissions');
const { buildGraph, ancestors, expandedText } = require('./graph');
const { TOPIC_PUBLISHERS, PUBLISHING_ROLES, identitiesOf } = require('./publishers');

const SKIP_DIRS = new Set(['node_modules', '.terraform', '.build']);

const TOP_LEVEL = new Set(['terraform', 'provider', 'variable', 'locals', 'output', 'module', 'resource', 'data',
  'check', 'moved', 'import', 'removed']);

const META = {
  resource: { attrs: ['count', 'for_each', 'depends_on', 'provider'], blocks: ['lifecycle', 'provisioner', 'connection'] },
  data: { attrs: ['count', 'for_each', 'depends_on', 'provider'], blocks: ['lifecycle'] },
  module: { attrs: ['source', 'version', 'count', 'for_each', 'providers', 'depends_on'], blocks: [] },
};

// Schemas of Terraform's own blocks, in the same shape as provider schemas.
const CONDITION = { attrs: { condition: { type: 'any', required: true }, error_message: { type: 'string', required: true } }, blocks: {} };
const LIFECYCLE = {
  attrs: {
    create_before_destroy: { type: 'bool' },
    prevent_destroy: { type: 'bool' },
    ignore_changes: { type: 'any' },
    replace_triggered_by: { type: 'any' },
  },
  blocks: { precondition: { list: true, block: CONDITION }, postcondition: { list: true, block: CONDITION } },
};
const VARIABLE = {
  attrs: {
    type: { type: 'any' }, default: { type: 'any' }, description: { type: 'string' }, sensitive: { type: 'bool' },
    nullable: { type: 'bool' }, ephemeral: { type: 'bool' },
  },
  blocks: { validation: { list: true, block: CONDITION } },
};
const OUTPUT = {
  attrs: {
    value: { type: 'any', required: true }, description: { type: 'string' }, sensitive: { type: 'bool' },
    depends_on: { type: 'any' }, ephemeral: { type: 'bool' },
  },
  blocks: { precondition: { list: true, block: CONDITION } },
};

const FORBIDDEN = [
  { re: /(^|[^\w./])(roles\/(?:owner|editor|viewer))(?![\w.])/, why: 'primitive role "$2" is not allowed: grant a custom or predefined role with only what is needed' },
  { re: /(^|[^\w./])(roles\/container\.admin)(?![\w.])/, why: '"$2" is not allowed: grant a custom role with only the container permissions needed' },
  { re: /(^|[^\w])(allUsers|allAuthenticatedUsers)(?!\w)/, why: 'public member "$2" is not allowed' },
];

const WRITE_PERMISSION = 'container.clusters.update';

// Custom role resources, by the level their permissions are checked at.
const CUSTOM_ROLES = { google_project_iam_custom_role: 'project', google_organization_iam_custom_role: 'organization' };
// Resources that act through a Google-managed service agent, and which: each must wait for the agent's
// google_project_service_identity and for a grant to it (service_agents.tf says why).
const AGENT_NAMES = {
  'eventarc.googleapis.com': 'Eventarc', 'pubsub.googleapis.com': 'Pub/Sub', 'cloudbuild.googleapis.com': 'Cloud Build',
  'run.googleapis.com': 'Cloud Run', 'cloudscheduler.googleapis.com': 'Cloud Scheduler',
};
const hasBlock = (entry, name) => entry.block.body.blocks.some((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name));
const AGENT_USERS = {
  // Built by Cloud Build, run by Cloud Run, triggered through Eventarc with Pub/Sub pushing the events.
  google_cloudfunctions2_function: (e) => [...(hasBlock(e, 'event_trigger') ? ['eventarc.googleapis.com', 'pubsub.googleapis.com'] : []),
    'cloudbuild.googleapis.com', 'run.googleapis.com'],
  google_eventarc_trigger: () => ['eventarc.googleapis.com', 'pubsub.googleapis.com'],
  // Pub/Sub's agent publishes a subscription's dead letters.
  google_pubsub_subscription: (e) => (hasBlock(e, 'dead_letter_policy') ? ['pubsub.googleapis.com'] : []),
  google_cloud_scheduler_job: (e) => (hasBlock(e, 'pubsub_target') ? ['cloudscheduler.googleapis.com'] : []),
};
const IAM_GRANT = /^google_[a-z0-9_]+_iam_(member|binding)$/;

// permissions.json beside a module: the custom roles Terraform builds from it.
const PERMISSIONS_FILE = 'permissions.json';
const WRITE_SCOPES = {
  google_project_iam_member: { meta: 'for_each', refs: ['local.replace_in_projects', 'var.replace_in_projects'], where: 'on projects' },
  google_folder_iam_member: { meta: 'for_each', refs: ['var.replace_in_folders'], where: 'on folders' },
  google_organization_iam_member: { meta: 'count', refs: ['var.replace_in_organization'], where: 'on the organisation' },
};

function levenshtein(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggest(name, candidates) {
  let best = null;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = levenshtein(name, c);
    if (d < bestDist) { best = c; bestDist = d; }
  }
  return best !== null && bestDist <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function findTfFiles(dir, exclude) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name) || exclude.includes(abs)) continue;
      out.push(...findTfFiles(abs, exclude));
    } else if (entry.isFile() && entry.name.endsWith('.tf')) {
      out.push(abs);
    }
  }
  return out.sort();
}

// A reference segment that indexes rather than names: 0, "key", * (splat).
const isIndexSegment = (s) => /^(\d+|".*"|\*)$/.test(s);
const isExpression = (v) => typeof v === 'string' && /^\$\{[\s\S]*\}$/.test(v);
const hasTemplate = (v) => typeof v === 'string' && /[$%]\{/.test(v);

function typeProblem(value, type) {
  if (value === null || value === undefined || type === 'any' || isExpression(value)) return null;
  const kind = Array.isArray(value) ? 'list' : typeof value === 'object' ? 'object' : typeof value;
  if (type === 'string') return kind === 'list' || kind === 'object' ? `expects a string, got a ${kind}` : null;
  if (type === 'number') {
    if (kind === 'number') return null;
    if (kind === 'string' && !hasTemplate(value) && Number.isFinite(Number(value)) && value.trim() !== '') return null;
    return kind === 'string' && hasTemplate(value) ? null : `expects a number, got ${JSON.stringify(value)}`;
  }
  if (type === 'bool') {
    if (kind === 'boolean' || value === 'true' || value === 'false' || (kind === 'string' && hasTemplate(value))) return null;
    return `expects a bool, got ${JSON.stringify(value)}`;
  }
  if (type.startsWith('list(')) return kind === 'list' ? null : `expects a list, got ${kind === 'object' ? 'an object' : JSON.stringify(value)}`;
  if (type.startsWith('map(')) return kind === 'object' ? null : `expects a map, got ${kind === 'list' ? 'a list' : JSON.stringify(value)}`;
  return null;
}

function stringsIn(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) { stringsIn(k, out); stringsIn(v, out); }
  }
  return out;
}

class Checker {
  constructor(root, options = {}) {
    this.root = path.resolve(root);
    this.exclude = (options.exclude || []).map((p) => path.resolve(p));
    this.cwd = options.cwd || process.cwd();
    this.problems = [];
    this.modules = new Map(); // dir -> module
    this.pendingRefs = [];
    this.resourceCount = 0;
    this.syntaxErrors = 0;
  }

  display(abs) {
    const rel = path.relative(this.cwd, abs);
    if (rel === '') return '.';
    return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  }

  report(file, line, message) {
    this.problems.push({ file: this.display(file.abs || file), line, message });
  }

  // Line of the first occurrence of `needle` between two lines of a file, else `fallback`.
  lineOfText(file, needle, from, to, fallback) {
    for (let l = from; l <= to && l <= file.lines.length; l++) {
      if (file.lines[l - 1].includes(needle)) return l;
    }
    return fallback;
  }

  async loadModule(dir, paths) {
    const mod = {
      dir, files: [], variables: new Map(), locals: new Map(), outputs: new Map(), modules: new Map(),
      resources: new Map(), data: new Map(), blocks: [],
    };
    this.modules.set(dir, mod);
    for (const abs of paths) {
      const text = fs.readFileSync(abs, 'utf8');
      const file = { abs, text, lines: text.split('\n') };
      try {
        file.json = await hcl.parse(path.basename(abs), text);
      } catch (err) {
        this.reportSyntax(file, err);
        continue;
      }
      file.loc = locate(text);
      mod.files.push(file);
      this.collectDeclarations(mod, file);
    }
  }

  reportSyntax(file, err) {
    this.syntaxErrors += 1;
    const re = /[^\s[:]+:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^;\]]+)(?:; ([^\]]*?))?(?=, [^\s[:]+:\d+,|\]|$)/g;
    let m;
    let any = false;
    while ((m = re.exec(err.message)) !== null) {
      any = true;
      this.report(file, Number(m[1]), `syntax error: ${m[2].trim()}${m[3] ? `: ${m[3].trim()}` : ''}`);
    }
    if (!any) this.report(file, 1, `syntax error: ${err.message}`);
  }

  collectDeclarations(mod, file) {
    const counters = new Map();
    for (const block of file.loc.blocks) {
      const key = [block.type, ...block.labels].join('\u0000');
      const index = counters.get(key) || 0;
      counters.set(key, index + 1);
      const entry = { file, block, json: this.jsonOf(file.json, block, index) };
      mod.blocks.push(entry);
      const declare = (map, name, what) => {
        if (map.has(name)) {
          const first = map.get(name);
          this.report(file, block.line, `duplicate ${what} "${name}" (first declared at ${this.display(first.file.abs)}:${first.block.line})`);
        } else {
          map.set(name, entry);
        }
      };
      const [a, b] = block.labels;
      switch (block.type) {
        case 'variable': declare(mod.variables, a, 'variable'); break;
        case 'output': declare(mod.outputs, a, 'output'); break;
        case 'module': declare(mod.modules, a, 'module'); break;
        case 'resource': declare(mod.resources, `${a}.${b}`, 'resource'); break;
        case 'data': declare(mod.data, `${a}.${b}`, 'data source'); break;
        case 'locals':
          for (const name of Object.keys(block.body.attrs)) declare(mod.locals, name, 'local value');
          break;
        default:
          break;
      }
    }
  }

  jsonOf(json, block, index) {
    let node = json[block.type];
    if (node === undefined) return {};
    for (const label of block.labels) node = node && node[label];
    if (Array.isArray(node)) return node[index] || {};
    return node || {};
  }

  async run() {
    const files = findTfFiles(this.root, this.exclude);
    const byDir = new Map();
    for (const f of files) {
      const d = path.dirname(f);
      if (!byDir.has(d)) byDir.set(d, []);
      byDir.get(d).push(f);
    }
    for (const [dir, list] of byDir) await this.loadModule(dir, list);
    for (const dir of byDir.keys()) this.checkModule(this.modules.get(dir));
    for (const dir of byDir.keys()) this.checkPermissionsFile(this.modules.get(dir));
    await this.resolveReferences();
    this.checkFormat();
    this.problems.sort((x, y) => (x.file === y.file ? x.line - y.line : x.file < y.file ? -1 : 1));
    return { problems: this.problems, files: files.length, modules: byDir.size, resources: this.resourceCount };
  }

  checkModule(mod) {
    for (const entry of mod.blocks) {
      const { file, block, json } = entry;
      const [a, b] = block.labels;
      const scope = { mod, file, iterators: new Set(), each: false, count: false };
      switch (block.type) {
        case 'resource':
        case 'data': {
          this.resourceCount++;
          const where = block.type === 'data' ? `data.${a}.${b}` : `${a}.${b}`;
          const schema = resourceSchema(block.type, a);
          scope.each = 'for_each' in block.body.attrs;
          scope.count = 'count' in block.body.attrs;
          if (!schema) {
            const google = loadGoogleSchema();
            const names = Object.keys(block.type === 'data' ? google.dataSources : google.resources);
            this.report(file, block.line, `unknown ${block.type === 'data' ? 'data source' : 'resource'} type "${a}" `
              + `(not in hashicorp/google ${google.version} nor in the checker's own schemas)${suggest(a, names)}`);
          }
          this.walkBody(scope, json, block.body, schema, where, META[block.type]);
          break;
        }
        case 'module':
          scope.each = 'for_each' in block.body.attrs;
          scope.count = 'count' in block.body.attrs;
          this.walkBody(scope, json, block.body, null, `module.${a}`, META.module);
          break;
        case 'variable':
          this.walkBody(scope, json, block.body, VARIABLE, `variable "${a}"`, null, ['type']);
          break;
        case 'output':
          this.walkBody(scope, json, block.body, OUTPUT, `output "${a}"`);
          break;
        case 'provider': {
          const schema = a === 'google' ? loadGoogleSchema().providerConfig : null;
          this.walkBody(scope, json, block.body, schema, `provider "${a}"`);
          break;
        }
        case 'locals':
        case 'check':
          this.walkBody(scope, json, block.body, null, block.type);
          break;
        default:
          if (!TOP_LEVEL.has(block.type)) {
            this.report(file, block.line, `unsupported top-level block type "${block.type}"${suggest(block.type, TOP_LEVEL)}`);
          }
      }
    }
    this.checkModuleCalls(mod);
    this.checkFunctionServiceAccounts(mod);
    this.checkSubscriptions(mod);
    this.checkReplacerWrites(mod);
    this.checkTriggerAccounts(mod);
    this.checkCustomRoles(mod);
    this.checkServiceAgents(mod);
    this.checkPublishers(mod);
  }

  // Checks one body against a schema ({attrs, blocks}, or null for free-form bodies) and queues
  // the references of its expressions.
  walkBody(scope, json, loc, schema, where, meta = null, skipRefs = []) {
    const { file } = scope;
    json = json || {};
    for (const [name, pos] of Object.entries(loc.attrs)) {
      const value = json[name];
      this.checkStrings(file, value, pos);
      if (!skipRefs.includes(name)) this.queueRefs(scope, value, pos);
      if (!schema || (meta && meta.attrs.includes(name))) continue;
      const spec = schema.attrs[name];
      if (spec) {
        const problem = typeProblem(value, spec.type);
        if (problem) this.report(file, pos.line, `argument "${name}" in ${where} ${problem}`);
      } else if (schema.blocks[name]) {
        this.report(file, pos.line, `"${name}" in ${where} is a block: write ${name} { ... }, not ${name} = ...`);
      } else {
        const candidates = [...Object.keys(schema.attrs), ...(meta ? meta.attrs : [])];
        this.report(file, pos.line, `unsupported argument "${name}" in ${where}${suggest(name, candidates)}`);
      }
    }
    const seen = new Map();
    const present = new Set();
    for (const block of loc.blocks) {
      const index = seen.get(block.type) || 0;
      seen.set(block.type, index + 1);
      const items = json[block.type];
      const itemJson = Array.isArray(items) ? items[index] : items;
      if (block.type === 'dynamic') {
        this.walkDynamic(scope, json, block, schema, where, seen);
        if (block.labels[0]) present.add(block.labels[0]);
        continue;
      }
      present.add(block.type);
      if (block.type === 'lifecycle' && meta && meta.blocks.includes('lifecycle')) {
        this.walkBody(scope, itemJson, block.body, LIFECYCLE, `${where}.lifecycle`, null, ['ignore_changes']);
        continue;
      }
      if (meta && meta.blocks.includes(block.type)) {
        this.walkBody(scope, itemJson, block.body, null, `${where}.${block.type}`);
        continue;
      }
      if (!schema) {
        this.walkBody(scope, itemJson, block.body, null, `${where}.${block.type}`);
        continue;
      }
      const spec = schema.blocks[block.type];
      if (spec) {
        this.walkBody(scope, itemJson, block.body, spec.block, `${where}.${block.type}`);
      } else if (schema.attrs[block.type]) {
        this.report(file, block.line, `"${block.type}" in ${where} is an argument: write ${block.type} = ..., not a block`);
      } else {
        const candidates = [...Object.keys(schema.blocks), ...(meta ? meta.blocks : [])];
        this.report(file, block.line, `unsupported block type "${block.type}" in ${where}${suggest(block.type, candidates)}`);
      }
    }
    if (!schema) return;
    const line = loc.line || 1;
    for (const [name, spec] of Object.entries(schema.attrs)) {
      if (spec.required && !(name in loc.attrs)) this.report(file, line, `missing required argument "${name}" in ${where}`);
    }
    for (const [name, spec] of Object.entries(schema.blocks)) {
      if (spec.required && !present.has(name)) this.report(file, line, `missing required block "${name}" in ${where}`);
    }
  }

  walkDynamic(scope, json, block, schema, where, seen) {
    const { file } = scope;
    const label = block.labels[0];
    const key = `dynamic\u0000${label}`;
    const index = seen.get(key) || 0;
    seen.set(key, index + 1);
    const all = json.dynamic && json.dynamic[label];
    const dynJson = (Array.isArray(all) ? all[index] : all) || {};
    const spec = schema ? schema.blocks[label] : null;
    if (schema && !spec) {
      this.report(file, block.line, `unsupported block type "${label}" in dynamic block of ${where}${suggest(label, Object.keys(schema.blocks))}`);
    }
    const iterator = typeof dynJson.iterator === 'string' ? dynJson.iterator.replace(/^\$\{(.*)\}$/, '$1') : label;
    for (const [name, pos] of Object.entries(block.body.attrs)) {
      if (!['for_each', 'iterator', 'labels'].includes(name)) {
        this.report(file, pos.line, `unsupported argument "${name}" in dynamic "${label}" of ${where}`);
      } else if (name !== 'iterator') {
        this.queueRefs(scope, dynJson[name], pos);
      }
    }
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!content) {
      this.report(file, block.line, `dynamic "${label}" of ${where} has no content block`);
      return;
    }
    const inner = { ...scope, iterators: new Set([...scope.iterators, iterator]) };
    const contentJson = Array.isArray(dynJson.content) ? dynJson.content[0] : dynJson.content;
    this.walkBody(inner, contentJson, content.body, spec ? spec.block : null, `${where}.${label}`);
  }

  checkStrings(file, value, pos) {
    for (const s of stringsIn(value)) {
      for (const rule of FORBIDDEN) {
        const m = rule.re.exec(s);
        if (m) {
          const line = this.lineOfText(file, m[2], pos.line, pos.endLine, pos.line);
          this.report(file, line, rule.why.replace('$2', m[2]));
        }
      }
    }
  }

  queueRefs(scope, value, pos) {
    for (const s of stringsIn(value)) {
      if (hasTemplate(s)) this.pendingRefs.push({ scope, expr: s, pos });
    }
  }

  async resolveReferences() {
    const results = await Promise.all(this.pendingRefs.map((p) => hcl.getReferencesInExpression('ref.tf', p.expr)
      .catch(() => [])));
    results.forEach((refs, i) => {
      const { scope, pos } = this.pendingRefs[i];
      for (const ref of refs) this.checkReference(scope, ref.value, pos);
    });
  }

  checkReference(scope, ref, pos) {
    const { mod, file } = scope;
    const segs = ref.split('.');
    if (segs.length < 2) return;
    const [head, name] = segs;
    const at = (needle) => this.lineOfText(file, needle, pos.line, pos.endLine, pos.line);
    const fail = (needle, message) => this.report(file, at(needle), message);
    switch (head) {
      case 'var':
        if (!mod.variables.has(name)) fail(`var.${name}`, `reference to undeclared input variable "var.${name}"${suggest(name, mod.variables.keys())}`);
        return;
      case 'local':
        if (!mod.locals.has(name)) fail(`local.${name}`, `reference to undeclared local value "local.${name}"${suggest(name, mod.locals.keys())}`);
        return;
      case 'module': {
        const call = mod.modules.get(name);
        if (!call) { fail(`module.${name}`, `reference to undeclared module "module.${name}"`); return; }
        const target = call.target;
        const out = segs[2];
        if (target && out && !isIndexSegment(out) && !target.outputs.has(out)) {
          fail(`module.${name}.${out}`, `module "${name}" has no output "${out}"${suggest(out, target.outputs.keys())}`);
        }
        return;
      }
      case 'data': {
        const id = `${segs[1]}.${segs[2]}`;
        if (segs.length < 3 || !mod.data.has(id)) { fail(`data.${id}`, `reference to undeclared data source "data.${id}"`); return; }
        this.checkAttribute(mod.data.get(id), 'data', segs.slice(3), (m) => fail(`data.${id}`, m), `data.${id}`);
        return;
      }
      case 'each':
        if (!scope.each) fail('each.', `"${ref}" used outside a block with for_each`);
        return;
      case 'count':
        if (!scope.count) fail('count.', `"${ref}" used outside a block with count`);
        return;
      case 'path':
      case 'terraform':
      case 'self':
        return;
      default:
        if (scope.iterators.has(head)) return;
        if (!mod.resources.has(`${head}.${name}`)) {
          fail(`${head}.${name}`, `reference to undeclared resource "${head}.${name}"${suggest(`${head}.${name}`, mod.resources.keys())}`);
          return;
        }
        this.checkAttribute(mod.resources.get(`${head}.${name}`), 'resource', segs.slice(2), (m) => fail(`${head}.${name}`, m), `${head}.${name}`);
    }
  }

  checkAttribute(entry, kind, rest, fail, id) {
    const attr = rest.find((s) => !isIndexSegment(s));
    if (!attr || rest.indexOf(attr) > 1) return;
    const schema = resourceSchema(kind, entry.block.labels[0]);
    if (schema && schema.exported && !schema.exported.includes(attr)) {
      fail(`${id} has no attribute "${attr}"${suggest(attr, schema.exported)}`);
    }
  }

  checkModuleCalls(mod) {
    for (const [name, entry] of mod.modules) {
      const source = entry.json.source;
      if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
      const dir = path.resolve(mod.dir, source);
      const target = this.modules.get(dir);
      if (!target) {
        if (!fs.existsSync(dir)) this.report(entry.file, entry.block.body.attrs.source.line, `module "${name}": source "${source}" does not exist`);
        continue;
      }
      entry.target = target;
      const given = Object.keys(entry.block.body.attrs).filter((a) => !META.module.attrs.includes(a));
      for (const arg of given) {
        if (!target.variables.has(arg)) {
          this.report(entry.file, entry.block.body.attrs[arg].line,
            `unsupported argument "${arg}" in module "${name}": ${source} declares no such variable${suggest(arg, target.variables.keys())}`);
        }
      }
      for (const [v, decl] of target.variables) {
        if (!('default' in decl.block.body.attrs) && !given.includes(v)) {
          this.report(entry.file, entry.block.line, `missing required argument "${v}" in module "${name}"`);
        }
      }
    }
  }

  checkFunctionServiceAccounts(mod) {
    const users = new Map(); // service account resource -> [{key, entry, line}]
    for (const [id, entry] of mod.resources) {
      if (entry.block.labels[0] !== 'google_cloudfunctions2_function') continue;
      const { file, block, json } = entry;
      const sc = block.body.blocks.find((b) => b.type === 'service_config');
      const scJson = Array.isArray(json.service_config) ? json.service_config[0] : json.service_config;
      const pos = sc && sc.body.attrs.service_account_email;
      if (!pos) {
        this.report(file, block.line, `${id} has no service_config.service_account_email: each function needs its own service account`);
        continue;
      }
      const value = scJson && scJson.service_account_email;
      const m = typeof value === 'string' && /^\$\{google_service_account\.([\w-]+)(?:\[([^\]]+)\])?\.email\}$/.exec(value);
      if (!m) {
        this.report(file, pos.line, `service_config.service_account_email of ${id} must be google_service_account.NAME.email, a service account of its own`);
        continue;
      }
      const [, saName, index] = m;
      const repeated = 'for_each' in block.body.attrs || 'count' in block.body.attrs;
      const perInstance = index === 'each.key' || index === 'count.index';
      if (repeated && !perInstance) {
        this.report(file, pos.line, `every instance of ${id} uses google_service_account.${saName}: index it by each.key so each function has its own`);
        continue;
      }
      const sa = `google_service_account.${saName}`;
      if (!users.has(sa)) users.set(sa, []);
      const list = users.get(sa);
      const clash = list.find((u) => perInstance || u.perInstance || u.index === index);
      if (clash) {
        this.report(file, pos.line, `${id} shares its service account ${sa}${index ? `[${index}]` : ''} with ${clash.id} `
          + `(${this.display(clash.file.abs)}:${clash.line}): give each function its own`);
      }
      list.push({ id, file, line: pos.line, index, perInstance });
    }
  }

  // The node-pool replacer's write permission is granted only where the policy lets it replace:
  // held by one role (local.replacer_write_permissions), and that role bound per project of
  // replace_in_projects, per folder of replace_in_folders, and organisation-wide only behind
  // var.replace_in_organization.
  checkReplacerWrites(mod) {
    for (const file of mod.files) {
      file.lines.forEach((line, i) => {
        if (line.includes(`"${WRITE_PERMISSION}"`) && !/^\s*replacer_write_permissions\s*=/.test(line)) {
          this.report(file, i + 1, `"${WRITE_PERMISSION}" is the node-pool replacer's write: list it only in `
            + 'local.replacer_write_permissions, whose role is granted where the policy may replace');
        }
      });
    }
    for (const [id, entry] of mod.resources) {
      const type = entry.block.labels[0];
      const scope = WRITE_SCOPES[type];
      const role = entry.json.role;
      if (!scope || typeof role !== 'string' || !/replacer[-_]write/.test(role)) continue;
      const gate = entry.json[scope.meta];
      if (typeof gate !== 'string' || !scope.refs.some((r) => gate.includes(r))) {
        this.report(entry.file, entry.block.body.attrs.role.line, `${id} grants the replacer's writes ${scope.where}: `
          + `its ${scope.meta} must come from ${scope.refs.join(' or ')}`);
      }
    }
  }

  // Each function's Eventarc trigger delivers as an account of its own that may invoke only that function.
  checkTriggerAccounts(mod) {
    for (const [id, entry] of mod.resources) {
      if (entry.block.labels[0] !== 'google_cloudfunctions2_function') continue;
      const trigger = entry.block.body.blocks.find((b) => b.type === 'event_trigger');
      const tJson = Array.isArray(entry.json.event_trigger) ? entry.json.event_trigger[0] : entry.json.event_trigger;
      const email = tJson && tJson.service_account_email;
      if (!trigger || typeof email !== 'string') continue;
      const repeated = 'for_each' in entry.block.body.attrs;
      if (repeated && !/\[each\.key\]\.email\}$/.test(email)) {
        this.report(entry.file, trigger.body.attrs.service_account_email.line, `every instance of ${id} triggers as `
          + `${email.replace(/^\$\{|\}$/g, '')}: index the trigger's service account by each.key, one per function`);
      }
    }
    for (const [id, entry] of mod.resources) {
      if (entry.block.labels[0] !== 'google_cloud_run_v2_service_iam_member' || entry.json.role !== 'roles/run.invoker') continue;
      const member = String(entry.json.member || '');
      const name = String(entry.json.name || '');
      if (/google_service_account\.[\w-]+\./.test(member) && name.includes('[each.key]') && !member.includes('[each.key]')) {
        this.report(entry.file, entry.block.body.attrs.member.line, `${id} lets one account invoke every function: `
          + 'grant each function\'s invoker role to its own trigger account (index it by each.key)');
      }
    }
  }

  // Every permission named in a custom role exists and may be in a custom role of that level.
  checkCustomRoles(mod) {
    for (const [id, entry] of mod.resources) {
      const level = CUSTOM_ROLES[entry.block.labels[0]];
      const pos = entry.block.body.attrs.permissions;
      if (!level || !pos) continue;
      for (const name of permissionNames(entry.json.permissions)) {
        const problem = permissionProblem(name, level);
        if (problem) this.report(entry.file, this.lineOfText(entry.file, `"${name}"`, pos.line, pos.endLine, pos.line), `${id}: ${problem}`);
      }
    }
  }

  // Every resource that acts through a service agent waits for that agent's google_project_service_identity
  // and for a grant to it: on a fresh project the agent is otherwise made on first use, too late.
  // Checked in a module that enables APIs (google_project_service) or creates agents: one a first apply runs
  // on a fresh project, where the agents do not exist yet.
  checkServiceAgents(mod) {
    const graph = buildGraph(mod);
    for (const [id, needs] of serviceAgentNeeds(mod)) {
      const entry = mod.resources.get(id);
      const before = ancestors(graph, id);
      for (const { service, identities, grants } of needs) {
        const agent = `the ${AGENT_NAMES[service]} service agent`;
        if (!identities.some((i) => before.has(i))) {
          this.report(entry.file, entry.block.line, `${id} acts through ${agent} but does not depend on its `
            + `google_project_service_identity (service "${service}"): on a fresh project the agent may not exist yet`);
        } else if (!grants.some((g) => before.has(g))) {
          this.report(entry.file, entry.block.line, `${id} acts through ${agent} but does not depend on a grant to it: `
            + 'give the agent the role it needs and depend on that binding');
        }
      }
    }
  }

  // Every publisher binding comes from local.topic_publishers, and that table names exactly the identities
  // lib/publishers.js allows on each topic.
  checkPublishers(mod) {
    for (const [id, entry] of mod.resources) {
      if (!IAM_GRANT.test(entry.block.labels[0]) && !/_iam_policy$/.test(entry.block.labels[0])) continue;
      const text = JSON.stringify(entry.json);
      const role = [...PUBLISHING_ROLES].find((r) => text.includes(`"${r}"`) || text.includes(`\\"${r}\\"`));
      if (!role) continue;
      const fromTable = typeof entry.json.for_each === 'string' && entry.json.for_each.includes('local.topic_publishers');
      if (!fromTable) {
        const pos = entry.block.body.attrs.role || entry.block.body.attrs.policy_data || { line: entry.block.line };
        this.report(entry.file, pos.line, `${id} grants ${role} outside local.topic_publishers: every publisher binding `
          + 'comes from that table, which terraform/check compares with who may publish to each topic');
      }
    }
    const table = mod.locals.get('topic_publishers');
    if (!table) return;
    const value = table.json.topic_publishers;
    const pos = table.block.body.attrs.topic_publishers;
    const line = (needle) => this.lineOfText(table.file, needle, pos.line, pos.endLine, pos.line);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.report(table.file, pos.line, 'local.topic_publishers must be a literal map of topic name => list of publishers');
      return;
    }
    for (const [topic, members] of Object.entries(value)) {
      const allowed = TOPIC_PUBLISHERS[topic];
      if (!allowed) {
        this.report(table.file, line(`"${topic}"`), `local.topic_publishers: no one may publish to "${topic}" (not a topic of the guard)`);
        continue;
      }
      const { names, unknown } = identitiesOf(members);
      for (const u of unknown) this.report(table.file, line(`"${topic}"`), `local.topic_publishers["${topic}"]: "${u}" is not an identity the checker knows`);
      for (const n of names.filter((x) => !allowed.includes(x))) {
        this.report(table.file, line(`"${topic}"`), `local.topic_publishers["${topic}"]: ${n} may not publish to ${topic} (allowed: ${allowed.join(', ')})`);
      }
      for (const n of allowed.filter((x) => !names.includes(x))) {
        this.report(table.file, line(`"${topic}"`), `local.topic_publishers["${topic}"]: ${n} must be able to publish to ${topic}`);
      }
    }
    for (const topic of Object.keys(TOPIC_PUBLISHERS).filter((t) => !(t in value))) {
      this.report(table.file, pos.line, `local.topic_publishers has no entry for "${topic}": ${TOPIC_PUBLISHERS[topic].join(', ')} must be able to publish to it`);
    }
  }

  // permissions.json holds the functions' custom roles: at the watched scope (a project's custom role for a
  // project install, less the prefixes of local.above_project, which such an install leaves out) and, for
  // "FUNCTION@scc-source", on the organisation's Security Command Center source.
  checkPermissionsFile(mod) {
    const abs = path.join(mod.dir, PERMISSIONS_FILE);
    if (!fs.existsSync(abs)) return;
    const text = fs.readFileSync(abs, 'utf8');
    const file = { abs, text, lines: text.split('\n') };
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      this.report(file, 1, `not JSON: ${err.message}`);
      return;
    }
    const locals = mod.locals.get('above_project');
    const orgOnly = locals && Array.isArray(locals.json.above_project) ? locals.json.above_project : [];
    for (const [fn, perms] of Object.entries(data)) {
      for (const p of Array.isArray(perms) ? perms : []) {
        const level = fn.endsWith('@scc-source') || orgOnly.some((prefix) => p.startsWith(prefix)) ? 'organization' : 'project';
        const problem = permissionProblem(p, level);
        if (problem) this.report(file, this.lineOfText(file, `"${p}"`, 1, file.lines.length, 1), `${fn}: ${problem}`);
      }
    }
  }

  checkSubscriptions(mod) {
    for (const [id, entry] of mod.resources) {
      if (entry.block.labels[0] !== 'google_pubsub_subscription') continue;
      const names = new Set(entry.block.body.blocks.map((b) => (b.type === 'dynamic' ? b.labels[0] : b.type)));
      for (const needed of ['dead_letter_policy', 'retry_policy']) {
        if (!names.has(needed)) {
          this.report(entry.file, entry.block.line, `${id} has no ${needed} block: every subscription needs a dead-letter topic and a retry policy`);
        }
      }
    }
  }

  checkFormat() {
    // terraform fmt cannot format a file it cannot parse; the syntax error is already reported.
    if (this.syntaxErrors > 0) return;
    const res = spawnSync('terraform', ['fmt', '-no-color', '-check', '-recursive', '-list=true', this.root], {
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    if (res.error) {
      this.notice = 'terraform not found: skipped terraform fmt -check';
      return;
    }
    if (res.status === 0) return;
    const listed = res.stdout.split('\n').map((l) => l.trim()).filter((l) => l.endsWith('.tf'));
    if (listed.length === 0) {
      this.report(this.root, 1, `terraform fmt -check failed: ${(res.stderr || '').trim().split('\n').pop()}`);
    }
    for (const f of listed) this.report(path.resolve(f), 1, 'not in canonical format: run terraform fmt');
  }
}

// resource id -> [{service, identities, grants}]: the service agents each resource acts through, the
// google_project_service_identity resources that create each agent, and the IAM bindings that grant to it.
// Empty for a module that neither enables APIs nor creates agents.
function serviceAgentNeeds(mod) {
  const out = new Map();
  const types = new Set([...mod.resources.values()].map((e) => e.block.labels[0]));
  if (!types.has('google_project_service') && !types.has('google_project_service_identity')) return out;
  const identities = new Map(); // service -> identity resource ids
  const servicesOf = new Map(); // identity resource id -> services
  for (const [id, entry] of mod.resources) {
    if (entry.block.labels[0] !== 'google_project_service_identity') continue;
    const services = typeof entry.json.service === 'string' && !hasTemplate(entry.json.service)
      ? [entry.json.service] : (expandedText(mod, entry.json.for_each).match(/[a-z0-9-]+\.googleapis\.com/g) || []);
    servicesOf.set(id, services);
    for (const service of services) identities.set(service, [...(identities.get(service) || []), id]);
  }
  // A grant to the agent of `service`: an IAM binding whose member is that agent's identity (an identity of this
  // service alone, or one of several named together with this service's name).
  const grants = new Map();
  for (const [id, entry] of mod.resources) {
    if (!IAM_GRANT.test(entry.block.labels[0])) continue;
    const text = expandedText(mod, { for_each: entry.json.for_each, member: entry.json.member, members: entry.json.members });
    for (const [service, ids] of identities) {
      if (ids.some((i) => text.includes(i) && (servicesOf.get(i).length === 1 || text.includes(service)))) {
        grants.set(service, [...(grants.get(service) || []), id]);
      }
    }
  }
  for (const [id, entry] of mod.resources) {
    const users = AGENT_USERS[entry.block.labels[0]];
    if (!users) continue;
    const needs = users(entry).map((service) => ({ service, identities: identities.get(service) || [], grants: grants.get(service) || [] }));
    if (needs.length > 0) out.set(id, needs);
  }
  return out;
}

// The modules of a tree as the checker reads them (for tests that reason about a module's graph).
async function loadTree(root, options) {
  const checker = new Checker(root, options);
  const result = await checker.run();
  return { modules: checker.modules, problems: result.problems };
}

async function checkTree(root, options) {
  const checker = new Checker(root, options);
  const result = await checker.run();
  return { ...result, notice: checker.notice, providerVersion: loadGoogleSchema().version };
}

const formatProblem = (p) => `${p.file}:${p.line}: ${p.message}`;

module.exports = { checkTree, formatProblem, loadTree, serviceAgentNeeds, AGENT_NAMES };
