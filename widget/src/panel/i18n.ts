// The panel's labels. English is built in; the edge sends the labels for the shopper's language
// with the bot's config (`labels`, edge/src/i18n/widget-labels.ts), so the widget carries one
// language instead of ten. Anything missing, empty or not a string reads English.

export const EN = {
  offline: 'Offline model',
  restart: 'New conversation',
  close: 'Close chat',
  erase: 'Erase my data',
  eraseAsk: 'Erase this conversation for good?',
  eraseYes: 'Erase',
  cancel: 'Cancel',
  erased: 'Conversation erased.',
  asking: 'Asking about:',
  log: 'Conversation',
  message: 'Message',
  placeholder: 'Ask a question…',
  stop: 'Stop',
  send: 'Send',
  unquote: 'Remove quote',
  stopped: 'Stopped',
  notSent: 'Not sent',
  sources: 'Sources',
  up: 'Helpful',
  down: 'Not helpful',
  thanks: 'Thanks for the feedback',
  more: 'Tell us more (optional)',
  sendFeedback: 'Send feedback',
  typing: 'Assistant is typing',
  retry: 'Retry',
  explain: 'Explain this',
  slow: 'Taking longer than usual…',
  outage: 'The assistant isn’t responding. Retrying…',
  disclosure: 'AI assistant – answers can be wrong',
  person: 'Talk to a person',
  // the handoff's states (HandoffState.status)
  waiting: 'Waiting for a person; they reply here.',
  waitFor: 'A person usually replies in {n} min.',
  claimed: '{name} joined.',
  released: 'Back to the assistant.',
  unavailable: 'Nobody is here now. Leave a message; we reply by email.',
  back: 'Back {t}.',
  name: 'Name',
  email: 'Email',
  yours: 'Your message',
  consent: 'By sending, you agree that the shop contacts you about it.',
  sent: 'Thanks! We will email you.',
  products: 'Products',
  inStock: 'In stock',
  outOfStock: 'Out of stock',
  addToCart: 'Add to cart',
  confirmAdd: 'Add to your cart?',
  confirm: 'Confirm',
  added: 'Added to your cart',
  cartFailed: 'Could not add to cart',
  addOnPage: 'Add on the product page',
}

export type Strings = typeof EN

/** English overlaid with the edge's labels for the shopper's language. */
export function loadStrings(labels?: Record<string, unknown> | null): Strings {
  const strings = { ...EN }
  for (const key of Object.keys(EN) as (keyof Strings)[]) {
    const label = labels?.[key]
    if (typeof label === 'string' && label.trim()) strings[key] = label
  }
  return strings
}
