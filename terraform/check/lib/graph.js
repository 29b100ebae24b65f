'use strict';
// The dependency graph Terraform builds for one module, as far as the text tells it: a resource depends on
// every resource and data source its arguments or depends_on name, directly or through local values.
// Resource-level, as Terraform orders them (every instance of a resource waits for every instance of what
// it references).

const REF = /\b(data\.[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*|(?:google|time|random|archive)_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g;
const LOCAL = /\blocal\.([A-Za-z_][\w-]*)/g;

function localJson(mod, name) {
  const entry = mod.locals.get(name);
  return entry ? entry.json[name] : undefined;
}

// The text of `value`, followed by the text of every local value it names, transitively: what an expression
// finally refers to, as one string.
function expandedText(mod, value, seen = new Set()) {
  let text = JSON.stringify(value === undefined ? null : value);
  let m;
  const names = [];
  LOCAL.lastIndex = 0;
  while ((m = LOCAL.exec(text)) !== null) names.push(m[1]);
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    text += `\n${expandedText(mod, localJson(mod, name), seen)}`;
  }
  return text;
}

function referencedNodes(mod, text) {
  const out = new Set();
  let m;
  REF.lastIndex = 0;
  while ((m = REF.exec(text)) !== null) {
    const id = m[1];
    if (id.startsWith('data.') ? mod.data.has(id.slice(5)) : mod.resources.has(id)) out.add(id);
  }
  return out;
}

// { nodes: Map(id -> entry), deps: Map(id -> Set(id)) } for the module's resources and data sources.
function buildGraph(mod) {
  const nodes = new Map();
  for (const [id, entry] of mod.resources) nodes.set(id, entry);
  for (const [id, entry] of mod.data) nodes.set(`data.${id}`, entry);
  const deps = new Map();
  for (const [id, entry] of nodes) {
    const refs = referencedNodes(mod, expandedText(mod, entry.json));
    refs.delete(id);
    deps.set(id, refs);
  }
  return { nodes, deps };
}

// Everything `id` waits for, transitively.
function ancestors(graph, id) {
  const out = new Set();
  const stack = [...(graph.deps.get(id) || [])];
  while (stack.length > 0) {
    const next = stack.pop();
    if (out.has(next)) continue;
    out.add(next);
    stack.push(...(graph.deps.get(next) || []));
  }
  return out;
}

// An order Terraform may create the nodes in (dependencies first); throws on a cycle, naming it.
function applyOrder(graph) {
  const order = [];
  const state = new Map();
  const visit = (id, path) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`dependency cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const dep of [...(graph.deps.get(id) || [])].sort()) visit(dep, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...graph.nodes.keys()].sort()) visit(id, []);
  return order;
}

module.exports = { buildGraph, ancestors, applyOrder, expandedText, localJson };
