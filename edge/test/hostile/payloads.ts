// Hostile inputs, as tables: the security suite crosses them with every route and field.

/** Bodies that are not the JSON object a route expects. */
export const MALFORMED_BODIES: [string, string][] = [
  ['an unterminated object', '{'],
  ['a truncated member', '{"botKey":'],
  ['a bare word', 'nul'],
  ['an empty body', ''],
  ['an array', '[]'],
  ['a string', '"hello"'],
  ['a number', '123'],
  ['null', 'null'],
  ['a trailing brace', '{"a":1}}'],
  ['a trailing comma', '{"botKey":"pk_demo",}'],
  ['single quotes', "{'botKey':'pk_demo'}"],
  ['a mismatched bracket', '{"botKey":"pk_demo"]'],
  ['a raw control character', '{"botKey":"pk\u0001demo"}'],
  ['deep nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
]

/** Strings a shop's visitors may type and an attacker will: stored and shown, never run. */
export const INJECTION_STRINGS: string[] = [
  "' OR '1'='1",
  "'; DROP TABLE chat_sessions; --",
  '" OR 1=1 --',
  "%' AND pg_sleep(5) --",
  '$1); DELETE FROM bots; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(document.cookie)',
  '{{constructor.constructor("alert(1)")()}}',
]

/** Text that is odd but valid Unicode: accepted and stored exactly. */
export const ODD_BUT_VALID: [string, string][] = [
  ['an RTL override', 'price \u202Egnp.exe\u202C please'],
  ['4-byte emoji', 'Is the 🪑 in oak? 👍🏽🇮🇪'],
  ['zero-width characters', 'o\u200Bak\u200D table\uFEFF'],
  ['combining marks', 'Z\u0351\u0364a\u0367l\u036Bg\u0363o'],
  ['a CJK question', '这张桌子有多大？'],
]

/** Text Postgres cannot store: refused with 400. */
export const UNSTORABLE: [string, string][] = [
  ['a NUL character', 'before\u0000after'],
  ['a lone high surrogate', 'oak \uD83D table'],
  ['a lone low surrogate', '\uDE00 table'],
]
