'use strict';
// Who may publish to each of the guard's topics (docs/security.md; terraform/README.md "Who may publish
// where"). A forged message is refused or re-judged by its reader, but the fewer who can write one the better:
// every roles/pubsub.publisher of a module comes from its local.topic_publishers, and that table names
// exactly these identities.

const TOPIC_PUBLISHERS = {
  'gke-audit-events': ['sink writer'],
  'inspection-requests': ['estate-sweeper', 'ticket-opener'],
  'replacement-requests': ['audit-inspector'],
  'ticket-requests': ['audit-inspector', 'node-pool-replacer', 'estate-sweeper'],
  'sweep-requests': ['Cloud Scheduler service agent', 'sweep operators group'],
  'sweep-reports': ['estate-sweeper'],
  'metadata-guard-tickets': ['ticket-opener'],
  // Each function parks what no retry can fix on its own trigger topic's dead-letter topic; Pub/Sub's
  // service agent moves what a subscription gave up on to that subscription's dead-letter topic.
  'gke-audit-events-dead-letter': ['audit-inspector', 'Pub/Sub service agent'],
  'inspection-requests-dead-letter': ['Pub/Sub service agent'],
  'replacement-requests-dead-letter': ['node-pool-replacer', 'Pub/Sub service agent'],
  'ticket-requests-dead-letter': ['ticket-opener', 'Pub/Sub service agent'],
  'sweep-requests-dead-letter': ['estate-sweeper', 'Pub/Sub service agent'],
  'sweep-reports-dead-letter': ['Pub/Sub service agent'],
  'metadata-guard-tickets-dead-letter': ['Pub/Sub service agent'],
};

// The identity each expression of the table stands for.
const IDENTITIES = [
  { re: /^local\.sink_writer_identity$/, name: () => 'sink writer' },
  { re: /^local\.function_members\["([\w-]+)"\]$/, name: (m) => m[1] },
  { re: /^local\.agent_member\["pubsub\.googleapis\.com"\]$/, name: () => 'Pub/Sub service agent' },
  { re: /^local\.agent_member\["cloudscheduler\.googleapis\.com"\]$/, name: () => 'Cloud Scheduler service agent' },
  { re: /^local\.sweep_operators$/, name: () => 'sweep operators group' },
];

const PUBLISHING_ROLES = new Set(['roles/pubsub.publisher', 'roles/pubsub.editor', 'roles/pubsub.admin']);

// The identities one entry of the table names, or {unknown} for an expression that is none of them.
function identitiesOf(value) {
  const strings = Array.isArray(value) ? value : [value];
  const text = strings.map((v) => (typeof v === 'string' ? v.replace(/^\$\{([\s\S]*)\}$/, '$1') : JSON.stringify(v))).join(', ');
  const refs = text.match(/local\.[A-Za-z_][\w-]*(?:\["[^"]*"\])?/g) || [];
  const names = [];
  const unknown = [];
  for (const ref of refs) {
    const id = IDENTITIES.find((i) => i.re.test(ref));
    if (id) names.push(id.name(ref.match(id.re))); else unknown.push(ref);
  }
  if (refs.length === 0 && text.trim() !== '') unknown.push(text); // an empty list names no one
  return { names, unknown };
}

module.exports = { TOPIC_PUBLISHERS, PUBLISHING_ROLES, identitiesOf };
