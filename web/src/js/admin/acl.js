// An ACL editor (flespi style): rows of a topic filter with publish and subscribe boxes.
// aclEditor() → {element, value() → [{topic, actions}], add(topic, actions)}.

import { h } from '../dom.js';

export function aclEditor(caption = 'ACL') {
  const rows = h('div', { class: 'acl-rows', role: 'list' });
  let n = 0;

  function add(topic = '', actions = ['subscribe']) {
    const i = ++n;
    const row = h('div', { class: 'row', role: 'listitem' },
      h('label', { class: 'grow' }, 'Topic filter ' + i,
        h('input', { name: 'acl-topic', value: topic, placeholder: 'project/group/#', maxlength: 1024 })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'acl-publish', checked: actions.includes('publish') }), 'publish'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'acl-subscribe', checked: actions.includes('subscribe') }), 'subscribe'),
      h('button', { type: 'button', class: 'small quiet', 'aria-label': 'Remove topic filter ' + i,
        onclick: () => row.remove() }, 'Remove'));
    rows.append(row);
    row.querySelector('input').focus();
  }

  function value() {
    return [...rows.children].map((row) => ({
      topic: row.querySelector('[name="acl-topic"]').value.trim(),
      actions: [row.querySelector('[name="acl-publish"]').checked ? 'publish' : null,
        row.querySelector('[name="acl-subscribe"]').checked ? 'subscribe' : null].filter(Boolean),
    })).filter((e) => e.topic);
  }

  const element = h('fieldset', { class: 'acl' }, h('legend', {}, caption), rows,
    h('button', { type: 'button', class: 'small quiet', onclick: () => add() }, 'Add topic filter'));
  return { element, value, add };
}

/** "subscribe project/#; publish+subscribe a/b" for a table cell. */
export function aclText(acl) {
  if (!acl || acl.length === 0) return '—';
  return acl.map((e) => e.actions.join('+') + ' ' + e.topic).join('; ');
}
