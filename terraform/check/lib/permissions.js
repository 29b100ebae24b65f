'use strict';
// Every permission a custom role holds must exist and be allowed in a custom role of that level: IAM refuses
// to create a role naming an unknown permission, or one that only an organisation-level role may hold.
// Checked against terraform/iam-permissions.json, the dated snapshot that check/iam-snapshot.js refreshes.

const fs = require('node:fs');
const path = require('node:path');

const SNAPSHOT = path.join(__dirname, '..', '..', 'iam-permissions.json');
const LEVELS = ['project', 'organization', 'none'];

let memo = null;

function loadSnapshot(file = SNAPSHOT) {
  if (memo && memo.file === file) return memo;
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!data.date || !data.source || !Array.isArray(data.services) || !data.permissions) {
    throw new Error(`${file}: not an IAM permission snapshot (date, source, services, permissions): run check/iam-snapshot.js`);
  }
  for (const [p, level] of Object.entries(data.permissions)) {
    if (!LEVELS.includes(level)) throw new Error(`${file}: "${p}" has level "${level}", not one of ${LEVELS.join(', ')}`);
  }
  memo = { file, ...data };
  return memo;
}

// Why `permission` cannot be in a custom role defined at `level` ("project" or "organization"), or null.
function permissionProblem(permission, level, snapshot = loadSnapshot()) {
  const where = `the IAM permission snapshot (iam-permissions.json, ${snapshot.date})`;
  const service = permission.split('.')[0];
  if (!snapshot.services.includes(service)) {
    return `"${permission}": the service "${service}" is not in ${where}: add it to SERVICES in check/iam-snapshot.js and refresh`;
  }
  const allowed = snapshot.permissions[permission];
  if (allowed === undefined) {
    const near = Object.keys(snapshot.permissions).filter((p) => p.startsWith(permission.split('.').slice(0, 2).join('.') + '.'));
    return `"${permission}" is not a Google Cloud IAM permission (not in ${where})`
      + `${near.length > 0 && near.length <= 12 ? `; that resource has: ${near.join(', ')}` : ''}`;
  }
  if (allowed === 'none') return `"${permission}" is not supported in custom roles (${where})`;
  if (allowed === 'organization' && level === 'project') {
    return `"${permission}" is allowed only in organisation-level custom roles, not in a project's (${where})`;
  }
  return null;
}

// Quoted permission names (service.resource.verb) in an attribute's value, literal or inside an expression.
function permissionNames(value) {
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') {
      const quoted = /"([a-z][a-z0-9]*\.[A-Za-z0-9]+\.[A-Za-z0-9]+)"/g;
      let m;
      let any = false;
      while ((m = quoted.exec(v)) !== null) { out.push(m[1]); any = true; }
      if (!any && /^[a-z][a-z0-9]*\.[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(v)) out.push(v);
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    }
  };
  walk(value);
  return out;
}

module.exports = { loadSnapshot, permissionProblem, permissionNames, SNAPSHOT };
