// Property names terser shortens in the bundles (vite.config.ts): names only the panel's own
// modules use, on its own objects (the chat store, the person, components' props, options).
// Never a name that crosses the network (JSON), the entry–panel boundary (shared/), the DOM,
// Preact or the labels (panel/i18n.ts): each file gets its own short names, so a name mangled
// here and read elsewhere would no longer match. bundles.test.ts checks the list against the
// other folders and the labels.
export const INTERNAL_PROPS = [
  // the chat store (panel/store/chat.ts) and its options
  'botConfig',
  'announcement',
  'draft',
  'busy',
  'recover',
  'loadHistory',
  'canAddToCart',
  'offerCart',
  'confirmCart',
  'cancelCart',
  'cartAction',
  'slowMs',
  'giveUpMs',
  'backoffMs',
  'progress',
  // a message's tool calls (panel/store/tools.ts)
  'tools',
  // the person in the loop (panel/store/person.ts)
  'leave',
  'follow',
  // the panel's signals (panel/signals.ts) and hooks (panel/ui/hooks.ts)
  'subs',
  'deps',
  // components' props
  'focusOnOpen',
  'onClose',
  'onDone',
  'onRemove',
  'onAdd',
  'isLast',
]
