'use strict';
// Provider schemas for the checker.
//
// The google provider cannot be downloaded here, so its schema comes from the npm package
// @cdktf/provider-google, which is generated from that provider's schema. The package ships a
// jsii assembly (`.jsii`, a JSON file of about 100 MB) describing every generated class:
//   - each resource / data source is a class whose base is cdktf.TerraformResource /
//     cdktf.TerraformDataSource; its doc summary links to the registry page
//     (`.../docs/resources/pubsub_topic google_pubsub_topic`), which names the Terraform type;
//   - its arguments are the properties of the `<Class>Config` interface (required unless
//     `optional`); a property whose type is one of the package's structs (or a list of them)
//     is a nested block, described by that struct's properties in turn;
//   - each property's docs carry the registry anchor (`#allowed_persistence_regions`), which is
//     the Terraform name (the camelCase name is not always a plain conversion of it);
//   - the class's getters are the attributes a reference may read (`writer_identity`, ...).
// Reading the assembly takes a few seconds, so the extracted schema is cached in
// node_modules/.cache, keyed by the package version.

const fs = require('node:fs');
const path = require('node:path');

const PKG = '@cdktf/provider-google';

function snake(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// Terraform name of a jsii property: the registry anchor in its docs, else snake_case.
function tfName(prop) {
  const text = JSON.stringify(prop.docs || {});
  const m = text.match(/\/docs\/(?:resources|data-sources)\/\w+#(\w+) /);
  return m ? m[1] : snake(prop.name);
}

function isStructRef(type) {
  return Boolean(type.fqn && type.fqn.startsWith(`${PKG}.`));
}

// Describes a jsii type as a Terraform argument type, or as a nested block.
function describeType(type) {
  if (type.union) {
    const parts = type.union.types.filter((t) => t.fqn !== 'cdktf.IResolvable');
    if (parts.length === 1) return describeType(parts[0]);
    return { kind: 'attr', type: 'any' };
  }
  if (type.primitive) {
    const prim = { string: 'string', number: 'number', boolean: 'bool' }[type.primitive] || 'any';
    return { kind: 'attr', type: prim };
  }
  if (isStructRef(type)) return { kind: 'block', fqn: type.fqn, list: false };
  if (type.collection) {
    const el = type.collection.elementtype;
    if (type.collection.kind === 'array' && isStructRef(el)) return { kind: 'block', fqn: el.fqn, list: true };
    const inner = describeType(el);
    const elType = inner.kind === 'attr' ? inner.type : 'any';
    return { kind: 'attr', type: `${type.collection.kind === 'map' ? 'map' : 'list'}(${elType})` };
  }
  return { kind: 'attr', type: 'any' };
}

function buildBlock(types, fqn, seen = new Set()) {
  const iface = types[fqn];
  const block = { attrs: {}, blocks: {} };
  if (!iface || seen.has(fqn)) return block;
  seen.add(fqn);
  for (const prop of iface.properties || []) {
    const name = tfName(prop);
    const d = describeType(prop.type);
    const required = !prop.optional;
    if (d.kind === 'attr') {
      block.attrs[name] = { type: d.type, required };
    } else {
      block.blocks[name] = { list: d.list, required, block: buildBlock(types, d.fqn, new Set(seen)) };
    }
  }
  return block;
}

const INTERNAL_GETTERS = new Set(['tfResourceType']);

function exportedAttributes(cls, config, configBlock) {
  const byCamel = {};
  for (const prop of (config && config.properties) || []) byCamel[prop.name] = tfName(prop);
  const out = new Set([...Object.keys(configBlock.attrs), ...Object.keys(configBlock.blocks), 'id']);
  for (const prop of cls.properties || []) {
    if (prop.static || INTERNAL_GETTERS.has(prop.name) || prop.name.endsWith('Input')) continue;
    out.add(byCamel[prop.name] || snake(prop.name));
  }
  return [...out].sort();
}

function extractGoogleSchema(assemblyPath, providerVersion) {
  const jsii = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
  const types = jsii.types;
  const schema = { provider: 'hashicorp/google', version: providerVersion, resources: {}, dataSources: {}, providerConfig: null };
  const linkRe = new RegExp(`/docs/(resources|data-sources)/\\w+ (\\w+)\\}`);
  for (const cls of Object.values(types)) {
    if (cls.kind !== 'class' || cls.assembly !== PKG) continue;
    const configFqn = `${cls.fqn}Config`;
    if (cls.base === 'cdktf.TerraformProvider') {
      schema.providerConfig = buildBlock(types, configFqn);
      continue;
    }
    if (cls.base !== 'cdktf.TerraformResource' && cls.base !== 'cdktf.TerraformDataSource') continue;
    const m = ((cls.docs && cls.docs.summary) || '').match(linkRe);
    if (!m) continue;
    const block = buildBlock(types, configFqn);
    block.exported = exportedAttributes(cls, types[configFqn], block);
    (m[1] === 'resources' ? schema.resources : schema.dataSources)[m[2]] = block;
  }
  return schema;
}

let memo = null;

function loadGoogleSchema() {
  if (memo) return memo;
  const pkgJson = require.resolve(`${PKG}/package.json`);
  const pkgDir = path.dirname(pkgJson);
  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
  const providerVersion = pkg.cdktf && pkg.cdktf.provider ? pkg.cdktf.provider.version : 'unknown';
  const cacheDir = path.join(pkgDir, '..', '..', '.cache', 'metadata-guard-check');
  const cacheFile = path.join(cacheDir, `google-schema-${pkg.version}.json`);
  if (fs.existsSync(cacheFile)) {
    memo = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    return memo;
  }
  memo = extractGoogleSchema(path.join(pkgDir, '.jsii'), providerVersion);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(`${cacheFile}.tmp${process.pid}`, JSON.stringify(memo));
    fs.renameSync(`${cacheFile}.tmp${process.pid}`, cacheFile);
  } catch {
    // A read-only node_modules only costs the extraction time on the next run.
  }
  return memo;
}

// Hand-written schemas for the few resources of other providers that terraform/ uses. Only the
// arguments listed here are accepted; add one here (with its provider's documentation at hand)
// before using it.
const attr = (type, required = false) => ({ type, required });
const OTHER_PROVIDERS = {
  dataSources: {
    // hashicorp/archive: zips a directory or file at plan time.
    archive_file: {
      attrs: {
        type: attr('string', true),
        output_path: attr('string', true),
        source_dir: attr('string'),
        source_file: attr('string'),
        source_content: attr('string'),
        source_content_filename: attr('string'),
        excludes: attr('list(string)'),
        exclude_symlink_directories: attr('bool'),
        output_file_mode: attr('string'),
      },
      blocks: {
        source: {
          list: true,
          required: false,
          block: { attrs: { content: attr('string', true), filename: attr('string', true) }, blocks: {} },
        },
      },
      exported: ['id', 'output_base64sha256', 'output_base64sha512', 'output_md5', 'output_path', 'output_sha',
        'output_sha256', 'output_sha512', 'output_size', 'source_dir', 'source_file', 'type'],
    },
  },
  resources: {
    // hashicorp/google-beta google_project_service_identity (registry docs of the resource, "Argument Reference"
    // and "Attributes Reference"): creates a Google API's service agent. Only in the beta provider.
    google_project_service_identity: {
      attrs: {
        service: attr('string', true),
        project: attr('string'),
      },
      blocks: {
        timeouts: { list: false, required: false, block: { attrs: { create: attr('string') }, blocks: {} } },
      },
      exported: ['email', 'id', 'member', 'project', 'service'],
    },
    // hashicorp/time time_sleep (registry docs of hashicorp/time, resource time_sleep): waits on create or
    // destroy, e.g. for IAM grants to apply.
    time_sleep: {
      attrs: {
        create_duration: attr('string'),
        destroy_duration: attr('string'),
        triggers: attr('map(string)'),
      },
      blocks: {},
      exported: ['create_duration', 'destroy_duration', 'id', 'triggers'],
    },
    // hashicorp/random: random bytes, for names that must be globally unique.
    random_id: {
      attrs: {
        byte_length: attr('number', true),
        keepers: attr('map(string)'),
        prefix: attr('string'),
      },
      blocks: {},
      exported: ['b64_std', 'b64_url', 'byte_length', 'dec', 'hex', 'id', 'keepers', 'prefix'],
    },
  },
};

function resourceSchema(kind, type) {
  const google = loadGoogleSchema();
  const table = kind === 'data' ? 'dataSources' : 'resources';
  return google[table][type] || OTHER_PROVIDERS[table][type] || null;
}

module.exports = { loadGoogleSchema, resourceSchema };
