// The hostile-request suite: hundreds of requests built from tables — malformed,
// oversized and mistyped bodies, odd Unicode, injection strings, forged tokens, foreign
// origins, bad admin keys, floods. Each must get its 4xx (never a 5xx), and the database must
// be exactly as it was after every refused request.
import { beforeAll, describe, expect, it } from 'vitest'
import { computeUserHash } from '../src/auth/identity'
import { signSessionToken } from '../src/auth/token'
import { DEMO_ORIGIN, useTestEdge } from './helpers'
import {
  createBot,
  createOrganization,
  createSecuredEdge,
  DEMO_BOT_ID,
  DEMO_SECRET,
  freshIp,
  midMinuteClock,
  OPERATOR_KEY,
  snapshot,
} from './hostile/harness'
import { INJECTION_STRINGS, MALFORMED_BODIES, ODD_BUT_VALID, UNSTORABLE } from './hostile/payloads'

const SECRET = 'test-secret-test-secret-123'

interface Attempt {
  cls: string
  name: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | ReadableStream<Uint8Array>
  /** The status the edge must answer with. */
  status: number
  /** The error code it must carry (prefix match), when it matters. */
  code?: string
}

interface Outcome {
  cls: string
  status: number
}

const { db, edge } = useTestEdge(createSecuredEdge)
const outcomes: Outcome[] = []

// Fixtures the tables refer to, made in beforeAll.
const f = {
  a: { sessionId: '', token: '' },
  b: { sessionId: '', token: '' },
  orgX: { id: '', apiKey: '' },
  orgY: { id: '', apiKey: '' },
  botX: { id: '', publicKey: '', secret: '' },
  erased: { sessionId: '', token: '' },
}

async function newSession() {
  const res = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: DEMO_ORIGIN,
      'x-forwarded-for': freshIp(),
    },
    body: JSON.stringify({ botKey: 'pk_demo' }),
  })
  return (await res.json()) as { sessionId: string; token: string }
}

beforeAll(async () => {
  f.a = await newSession()
  f.b = await newSession()
  f.erased = await newSession()
  await edge.app.request(`/v1/sessions/${f.erased.sessionId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${f.erased.token}` },
  })
  f.orgX = await createOrganization(edge, 'Shop X')
  f.orgY = await createOrganization(edge, 'Shop Y')
  f.botX = await createBot(edge, f.orgX.apiKey)
})

async function send(a: Attempt): Promise<Response> {
  return edge.app.request(a.path, {
    method: a.method,
    headers: { 'x-forwarded-for': freshIp(), ...a.headers },
    body: a.body,
    // a streamed body needs this in Node's fetch
    ...(a.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit)
}

// JSON routes and how to reach each one legitimately but for the body.
function jsonRoutes() {
  const json = { 'content-type': 'application/json' }
  const session = (s: { token: string }) => ({
    ...json,
    authorization: `Bearer ${s.token}`,
    origin: DEMO_ORIGIN,
  })
  return [
    {
      route: 'POST /v1/sessions',
      method: 'POST',
      path: '/v1/sessions',
      headers: { ...json, origin: DEMO_ORIGIN },
      surface: 'session',
    },
    {
      route: 'POST /v1/chat',
      method: 'POST',
      path: '/v1/chat',
      headers: session(f.a),
      surface: 'chat',
    },
    {
      route: 'POST identify',
      method: 'POST',
      path: `/v1/sessions/${f.a.sessionId}/identify`,
      headers: session(f.a),
      surface: 'identify',
    },
    {
      route: 'POST /v1/selections',
      method: 'POST',
      path: '/v1/selections',
      headers: session(f.a),
      surface: 'selection',
    },
    {
      route: 'POST feedback',
      method: 'POST',
      path: `/v1/messages/${crypto.randomUUID()}/feedback`,
      headers: session(f.a),
      surface: 'feedback',
    },
    {
      route: 'POST admin organizations',
      method: 'POST',
      path: '/v1/admin/organizations',
      headers: { ...json, authorization: `Bearer ${OPERATOR_KEY}` },
      surface: 'organization',
    },
    {
      route: 'POST admin bots',
      method: 'POST',
      path: '/v1/admin/bots',
      headers: { ...json, authorization: `Bearer ${f.orgX.apiKey}` },
      surface: 'bot',
    },
    {
      route: 'PATCH admin bot',
      method: 'PATCH',
      path: `/v1/admin/bots/${f.botX.id}`,
      headers: { ...json, authorization: `Bearer ${f.orgX.apiKey}` },
      surface: 'bot',
    },
    {
      route: 'POST admin search',
      method: 'POST',
      path: `/v1/admin/bots/${f.botX.id}/search`,
      headers: { ...json, authorization: `Bearer ${f.orgX.apiKey}` },
      surface: 'search',
    },
  ]
}

function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      const chunk = new TextEncoder().encode(`"${'x'.repeat(8190)}",`)
      sent += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
}

// encodeURIComponent refuses lone surrogates; send them as the (invalid) UTF-8 a client could.
function encodePath(text: string): string {
  return [...text]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0
      if (code >= 0xd800 && code <= 0xdfff) {
        return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 63)).toString(16)}%${(0x80 | (code & 63)).toString(16)}`
      }
      return encodeURIComponent(ch)
    })
    .join('')
}

function refusedAttempts(): Attempt[] {
  const list: Attempt[] = []
  const routes = jsonRoutes()
  const h = (route: string) => routes.find((r) => r.route === route)?.headers

  // 1. Malformed JSON on every JSON route.
  for (const r of routes) {
    for (const [name, body] of MALFORMED_BODIES) {
      list.push({
        cls: 'malformed JSON',
        name: `${r.route}: ${name}`,
        method: r.method,
        path: r.path,
        headers: r.headers,
        body,
        status: 400,
        code: `bad_request:${r.surface}`,
      })
    }
  }

  // 2. Oversized bodies: declared, lying about their length, and streamed without one.
  for (const r of routes) {
    const big = JSON.stringify({ pad: 'x'.repeat(70_000) })
    list.push({
      cls: 'oversized body',
      name: `${r.route}: 70 KB`,
      method: r.method,
      path: r.path,
      headers: { ...r.headers, 'content-length': String(big.length) },
      body: big,
      status: 413,
      code: 'payload_too_large',
    })
    list.push({
      cls: 'oversized body',
      name: `${r.route}: lying content-length`,
      method: r.method,
      path: r.path,
      headers: { ...r.headers, 'content-length': '10' },
      body: big,
      status: 413,
      code: 'payload_too_large',
    })
    list.push({
      cls: 'oversized body',
      name: `${r.route}: chunked 200 KB`,
      method: r.method,
      path: r.path,
      headers: r.headers,
      body: chunked(200_000),
      status: 413,
      code: 'payload_too_large',
    })
  }

  // 3. Wrong content types.
  for (const r of routes) {
    for (const type of [
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/jsonp',
    ]) {
      list.push({
        cls: 'wrong content type',
        name: `${r.route}: ${type}`,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, 'content-type': type },
        body: '{}',
        status: 415,
        code: 'unsupported_media_type',
      })
    }
  }

  // 4. Wrong types and out-of-bounds values, field by field.
  const url = `${DEMO_ORIGIN}/p`
  const sessionBodies: [string, unknown][] = [
    ['botKey a number', { botKey: 1 }],
    ['botKey null', { botKey: null }],
    ['botKey an array', { botKey: ['pk_demo'] }],
    ['botKey empty', { botKey: '' }],
    ['botKey too long', { botKey: 'k'.repeat(101) }],
    ['context a string', { botKey: 'pk_demo', context: 'page' }],
    ['context.url a number', { botKey: 'pk_demo', context: { url: 123 } }],
    ['context.url javascript:', { botKey: 'pk_demo', context: { url: 'javascript:alert(1)' } }],
    ['context.url ftp:', { botKey: 'pk_demo', context: { url: 'ftp://shop.example/' } }],
    ['context.url too long', { botKey: 'pk_demo', context: { url: `${url}?${'q'.repeat(2100)}` } }],
    ['context.title too long', { botKey: 'pk_demo', context: { url, title: 't'.repeat(301) } }],
    [
      'product.price not numeric',
      { botKey: 'pk_demo', context: { url, product: { price: 'free!' } } },
    ],
    ['product.price negative', { botKey: 'pk_demo', context: { url, product: { price: -1 } } }],
    [
      'extra with 21 fields',
      {
        botKey: 'pk_demo',
        context: {
          url,
          extra: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
        },
      },
    ],
    ['extra with an object value', { botKey: 'pk_demo', context: { url, extra: { a: { b: 1 } } } }],
    ['user a string', { botKey: 'pk_demo', user: 'me' }],
    ['user.id empty', { botKey: 'pk_demo', user: { id: '', hash: '0'.repeat(64) } }],
    ['user.hash not hex', { botKey: 'pk_demo', user: { id: 'u', hash: 'z'.repeat(64) } }],
    ['user.hash too short', { botKey: 'pk_demo', user: { id: 'u', hash: 'ab' } }],
    ['resume a string', { botKey: 'pk_demo', resume: 'yes' }],
  ]
  for (const [name, body] of sessionBodies) {
    list.push({
      cls: 'wrong types',
      name: `POST /v1/sessions: ${name}`,
      method: 'POST',
      path: '/v1/sessions',
      headers: h('POST /v1/sessions'),
      body: JSON.stringify(body),
      status: 400,
      code: 'bad_request:session',
    })
  }
  const turn = (change: Record<string, unknown>) => ({
    sessionId: f.a.sessionId,
    message: { id: 'm-1', text: 'hi' },
    context: { url },
    ...change,
  })
  const chatBodies: [string, unknown][] = [
    ['sessionId not a uuid', turn({ sessionId: "1' OR '1'='1" })],
    ['sessionId a number', turn({ sessionId: 42 })],
    ['message missing', turn({ message: undefined })],
    ['message.id with spaces', turn({ message: { id: 'a b', text: 'hi' } })],
    ['message.id too long', turn({ message: { id: 'a'.repeat(101), text: 'hi' } })],
    ['message.text a number', turn({ message: { id: 'm', text: 7 } })],
    ['message.text blank', turn({ message: { id: 'm', text: ' \n\t ' } })],
    ['message.text 4001 chars', turn({ message: { id: 'm', text: 'x'.repeat(4001) } })],
    ['selectionId not a uuid', turn({ selectionId: 'sel' })],
    ['context.url missing', turn({ context: { title: 'x' } })],
  ]
  for (const [name, body] of chatBodies) {
    list.push({
      cls: 'wrong types',
      name: `POST /v1/chat: ${name}`,
      method: 'POST',
      path: '/v1/chat',
      headers: h('POST /v1/chat'),
      body: JSON.stringify(body),
      status: 400,
      code: 'bad_request:chat',
    })
  }
  const botBodies: [string, unknown][] = [
    ['no name', { allowedOrigins: ['*'] }],
    ['no allowedOrigins', { name: 'x' }],
    ['retrievalK 0', { name: 'x', allowedOrigins: ['*'], retrievalK: 0 }],
    ['retrievalK 51', { name: 'x', allowedOrigins: ['*'], retrievalK: 51 }],
    ['retrievalK 1.5', { name: 'x', allowedOrigins: ['*'], retrievalK: 1.5 }],
    ['retrievalK a string', { name: 'x', allowedOrigins: ['*'], retrievalK: '5' }],
    ['scoreThreshold negative', { name: 'x', allowedOrigins: ['*'], scoreThreshold: -0.1 }],
    ['allowedOrigins empty', { name: 'x', allowedOrigins: [] }],
    ['allowedOrigins javascript:', { name: 'x', allowedOrigins: ['javascript:alert(1)'] }],
    ['allowedOrigins with a path', { name: 'x', allowedOrigins: ['https://shop.example/path'] }],
    [
      'allowedOrigins 51 entries',
      { name: 'x', allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example`) },
    ],
    [
      'theme.color breaking out of CSS',
      { name: 'x', allowedOrigins: ['*'], theme: { color: 'red;}body{display:none' } },
    ],
    ['theme with an unknown key', { name: 'x', allowedOrigins: ['*'], theme: { css: 'x' } }],
    ['a secret of its own', { name: 'x', allowedOrigins: ['*'], secret: 'sk_mine' }],
    ['a public key of its own', { name: 'x', allowedOrigins: ['*'], publicKey: 'pk_demo' }],
    [
      'organization_id smuggled',
      { name: 'x', allowedOrigins: ['*'], organization_id: '00000000-0000-4000-8000-000000000001' },
    ],
    ['retentionDays 0', { name: 'x', allowedOrigins: ['*'], retentionDays: 0 }],
    [
      'starterQuestions 11',
      {
        name: 'x',
        allowedOrigins: ['*'],
        starterQuestions: Array.from({ length: 11 }, (_, i) => `q${i}?`),
      },
    ],
    ['status deleted', { name: 'x', allowedOrigins: ['*'], status: 'deleted' }],
    [
      'modelSettings.temperature 3',
      { name: 'x', allowedOrigins: ['*'], modelSettings: { temperature: 3 } },
    ],
    ['model with spaces', { name: 'x', allowedOrigins: ['*'], model: 'gpt 4; drop' }],
    ['rateLimits 0', { name: 'x', allowedOrigins: ['*'], rateLimits: { chatPerSession: 0 } }],
    ['name blank', { name: '   ', allowedOrigins: ['*'] }],
    [
      'systemPrompt 20001 chars',
      { name: 'x', allowedOrigins: ['*'], systemPrompt: 'p'.repeat(20_001) },
    ],
  ]
  for (const [name, body] of botBodies) {
    list.push({
      cls: 'wrong types',
      name: `POST admin bots: ${name}`,
      method: 'POST',
      path: '/v1/admin/bots',
      headers: h('POST admin bots'),
      body: JSON.stringify(body),
      status: 400,
      code: 'bad_request:bot',
    })
  }
  const patchBodies: [string, unknown][] = [
    ['nothing to change', {}],
    ['the secret', { secret: 'sk_x' }],
    ['the id', { id: crypto.randomUUID() }],
    ['the organization', { organizationId: f.orgY.id }],
    ['the public key', { public_key: 'pk_x' }],
    ['status true', { status: true }],
  ]
  for (const [name, body] of patchBodies) {
    list.push({
      cls: 'wrong types',
      name: `PATCH admin bot: ${name}`,
      method: 'PATCH',
      path: `/v1/admin/bots/${f.botX.id}`,
      headers: h('PATCH admin bot'),
      body: JSON.stringify(body),
      status: 400,
      code: 'bad_request:bot',
    })
  }
  for (const [name, query] of [
    ['limit 0', 'limit=0'],
    ['limit 101', 'limit=101'],
    ['botId not a uuid', "botId=1'--"],
    ['a bad date', 'from=yesterday'],
    ['an unknown parameter', 'orderBy=secret'],
    ['a forged cursor', 'cursor=WyJ4IiwieSJd'],
    ['a NUL in the search', 'q=a%00b'],
  ] as const) {
    list.push({
      cls: 'wrong types',
      name: `GET admin sessions: ${name}`,
      method: 'GET',
      path: `/v1/admin/sessions?${query}`,
      headers: { authorization: `Bearer ${f.orgX.apiKey}` },
      status: 400,
      code: 'bad_request:conversations',
    })
  }

  // 5. Text Postgres cannot store, in every free-text field.
  for (const [name, text] of UNSTORABLE) {
    const cases: [string, string, string, Record<string, string> | undefined, unknown, string][] = [
      [
        'POST /v1/chat message.text',
        'POST',
        '/v1/chat',
        h('POST /v1/chat'),
        turn({ message: { id: 'u-1', text } }),
        'chat',
      ],
      [
        'POST /v1/chat context.title',
        'POST',
        '/v1/chat',
        h('POST /v1/chat'),
        turn({ context: { url, title: text } }),
        'chat',
      ],
      [
        'POST /v1/sessions botKey',
        'POST',
        '/v1/sessions',
        h('POST /v1/sessions'),
        { botKey: text },
        'session',
      ],
      [
        'POST /v1/sessions user.name',
        'POST',
        '/v1/sessions',
        h('POST /v1/sessions'),
        { botKey: 'pk_demo', user: { id: 'u', hash: '0'.repeat(64), name: text } },
        'session',
      ],
      [
        'POST admin bots name',
        'POST',
        '/v1/admin/bots',
        h('POST admin bots'),
        { name: text, allowedOrigins: ['*'] },
        'bot',
      ],
      [
        'PATCH admin bot welcome',
        'PATCH',
        `/v1/admin/bots/${f.botX.id}`,
        h('PATCH admin bot'),
        { welcomeMessage: text },
        'bot',
      ],
      [
        'POST admin search query',
        'POST',
        `/v1/admin/bots/${f.botX.id}/search`,
        h('POST admin search'),
        { query: text },
        'search',
      ],
    ]
    for (const [where, method, path, headers, body, surface] of cases) {
      list.push({
        cls: 'unicode edge cases',
        name: `${where}: ${name}`,
        method,
        path,
        headers,
        body: JSON.stringify(body),
        status: 400,
        code: `bad_request:${surface}`,
      })
    }
  }
  for (const [name, text] of [...UNSTORABLE, ...ODD_BUT_VALID]) {
    list.push({
      cls: 'unicode edge cases',
      name: `GET /v1/bots/:key: ${name}`,
      method: 'GET',
      path: `/v1/bots/${encodePath(text)}`,
      headers: { origin: DEMO_ORIGIN },
      status: 404,
      code: 'not_found:bot',
    })
  }

  // 6. Injection strings where an identifier or key is expected: they name nothing.
  for (const s of INJECTION_STRINGS) {
    list.push({
      cls: 'injection strings',
      name: `GET /v1/bots/${s}`,
      method: 'GET',
      path: `/v1/bots/${encodeURIComponent(s)}`,
      headers: { origin: DEMO_ORIGIN },
      status: 404,
      code: 'not_found:bot',
    })
    list.push({
      cls: 'injection strings',
      name: `POST /v1/sessions botKey ${s}`,
      method: 'POST',
      path: '/v1/sessions',
      headers: h('POST /v1/sessions'),
      body: JSON.stringify({ botKey: s }),
      status: 404,
      code: 'not_found:bot',
    })
    list.push({
      cls: 'injection strings',
      name: `GET messages of session ${s}`,
      method: 'GET',
      path: `/v1/sessions/${encodeURIComponent(s)}/messages`,
      headers: { authorization: `Bearer ${f.a.token}` },
      status: 404,
      code: 'not_found:session',
    })
    list.push({
      cls: 'injection strings',
      name: `GET admin bot ${s}`,
      method: 'GET',
      path: `/v1/admin/bots/${encodeURIComponent(s)}`,
      headers: { authorization: `Bearer ${f.orgX.apiKey}` },
      status: 404,
      code: 'not_found:bot',
    })
    list.push({
      cls: 'injection strings',
      name: `DELETE admin session ${s}`,
      method: 'DELETE',
      path: `/v1/admin/sessions/${encodeURIComponent(s)}`,
      headers: { authorization: `Bearer ${f.orgX.apiKey}` },
      status: 404,
      code: 'not_found:conversation',
    })
    list.push({
      cls: 'injection strings',
      name: `chat message.id ${s}`,
      method: 'POST',
      path: '/v1/chat',
      headers: h('POST /v1/chat'),
      body: JSON.stringify(turn({ message: { id: s, text: 'hi' } })),
      status: 400,
      code: 'bad_request:chat',
    })
    list.push({
      cls: 'injection strings',
      name: `admin bot origin ${s}`,
      method: 'POST',
      path: '/v1/admin/bots',
      headers: h('POST admin bots'),
      body: JSON.stringify({ name: 'x', allowedOrigins: [s] }),
      status: 400,
      code: 'bad_request:bot',
    })
    list.push({
      cls: 'injection strings',
      name: `admin key ${s}`,
      method: 'GET',
      path: '/v1/admin/bots',
      headers: { authorization: `Bearer ${s.replace(/\s/g, '')}` },
      status: 401,
      code: 'unauthorized:admin',
    })
  }

  // 7. Tokens: forged, expired, for another session or bot, of an erased session.
  const tokenRoutes = (sessionId: string) =>
    [
      ['GET messages', 'GET', `/v1/sessions/${sessionId}/messages`, undefined],
      ['GET stream', 'GET', `/v1/sessions/${sessionId}/stream`, undefined],
      ['DELETE session', 'DELETE', `/v1/sessions/${sessionId}`, undefined],
      [
        'POST chat',
        'POST',
        '/v1/chat',
        JSON.stringify({ sessionId, message: { id: 'tok-1', text: 'hi' }, context: { url } }),
      ],
      [
        'POST identify',
        'POST',
        `/v1/sessions/${sessionId}/identify`,
        JSON.stringify({ user: { id: 'u', hash: '0'.repeat(64) } }),
      ],
      [
        'POST selection',
        'POST',
        '/v1/selections',
        JSON.stringify({ sessionId, text: 'solid oak', pageUrl: url }),
      ],
      [
        'POST feedback',
        'POST',
        `/v1/messages/${crypto.randomUUID()}/feedback`,
        JSON.stringify({ sessionId, rating: 'up' }),
      ],
    ] as const
  const [payload = '', signature = ''] = f.a.token.split('.').slice(1)
  const swapped = `v1.${Buffer.from(JSON.stringify({ sid: f.b.sessionId, bid: DEMO_BOT_ID, exp: 4_000_000_000 })).toString('base64url')}.${signature}`
  const badTokens: [string, string | undefined, number, string][] = [
    ['no token', undefined, 401, 'unauthorized:session'],
    ['a garbage token', 'not-a-token', 401, 'unauthorized:session'],
    [
      'a flipped signature',
      `v1.${payload}.${signature.slice(0, -4)}AAAA`,
      401,
      'unauthorized:session',
    ],
    ['a swapped payload', swapped, 401, 'unauthorized:session'],
    ['no signature', `v1.${payload}.`, 401, 'unauthorized:session'],
    ['a v2 token', `v2.${payload}.${signature}`, 401, 'unauthorized:session'],
  ]
  for (const [tname, token, status, code] of badTokens) {
    for (const [rname, method, path, body] of tokenRoutes(f.a.sessionId)) {
      list.push({
        cls: 'forged/expired/cross tokens',
        name: `${rname}: ${tname}`,
        method,
        path,
        headers: {
          origin: DEMO_ORIGIN,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
        status,
        code,
      })
    }
  }
  // Another session's token (A's) on B.
  for (const [rname, method, path, body] of tokenRoutes(f.b.sessionId)) {
    list.push({
      cls: 'forged/expired/cross tokens',
      name: `${rname}: another session's token`,
      method,
      path,
      headers: {
        origin: DEMO_ORIGIN,
        authorization: `Bearer ${f.a.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body,
      status: 403,
      code: 'forbidden:session',
    })
  }
  // An erased session's own token.
  for (const [rname, method, path, body] of tokenRoutes(f.erased.sessionId)) {
    list.push({
      cls: 'forged/expired/cross tokens',
      name: `${rname}: an erased session`,
      method,
      path,
      headers: {
        origin: DEMO_ORIGIN,
        authorization: `Bearer ${f.erased.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body,
      status: 404,
      code: 'not_found:session',
    })
  }
  list.push({
    cls: 'forged/expired/cross tokens',
    name: 'renew: another session',
    method: 'POST',
    path: `/v1/sessions/${f.b.sessionId}/renew`,
    headers: { authorization: `Bearer ${f.a.token}` },
    status: 403,
    code: 'forbidden:session',
  })
  list.push({
    cls: 'forged/expired/cross tokens',
    name: 'renew: forged',
    method: 'POST',
    path: `/v1/sessions/${f.a.sessionId}/renew`,
    headers: { authorization: `Bearer v1.${payload}.${signature.slice(0, -4)}AAAA` },
    status: 401,
    code: 'unauthorized:session',
  })
  list.push({
    cls: 'forged/expired/cross tokens',
    name: 'renew: no token',
    method: 'POST',
    path: `/v1/sessions/${f.a.sessionId}/renew`,
    status: 401,
    code: 'unauthorized:session',
  })

  // 8. Origins the bot does not allow, on every browser route.
  const foreign = [
    'https://evil.example',
    'null',
    'http://localhost.evil.example:5173',
    'http://127.0.0.1.nip.io',
    'https://other-shop.example.evil.example',
    'file://',
    'chrome-extension://abcdef',
  ]
  for (const origin of foreign) {
    list.push({
      cls: 'wrong origins',
      name: `GET bot from ${origin}`,
      method: 'GET',
      path: '/v1/bots/pk_demo',
      headers: { origin },
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `POST session from ${origin}`,
      method: 'POST',
      path: '/v1/sessions',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ botKey: 'pk_demo' }),
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `GET messages from ${origin}`,
      method: 'GET',
      path: `/v1/sessions/${f.a.sessionId}/messages`,
      headers: { origin, authorization: `Bearer ${f.a.token}` },
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `POST chat from ${origin}`,
      method: 'POST',
      path: '/v1/chat',
      headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${f.a.token}` },
      body: JSON.stringify(turn({})),
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `POST selection from ${origin}`,
      method: 'POST',
      path: '/v1/selections',
      headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${f.a.token}` },
      body: JSON.stringify({ sessionId: f.a.sessionId, text: 'oak', pageUrl: url }),
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `POST feedback from ${origin}`,
      method: 'POST',
      path: `/v1/messages/${crypto.randomUUID()}/feedback`,
      headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${f.a.token}` },
      body: JSON.stringify({ sessionId: f.a.sessionId, rating: 'down' }),
      status: 403,
      code: 'forbidden:origin',
    })
    list.push({
      cls: 'wrong origins',
      name: `renew from ${origin}`,
      method: 'POST',
      path: `/v1/sessions/${f.a.sessionId}/renew`,
      headers: { origin, authorization: `Bearer ${f.a.token}` },
      status: 403,
      code: 'forbidden:origin',
    })
  }
  list.push({
    cls: 'wrong origins',
    name: 'a second shop’s bot from the demo site',
    method: 'POST',
    path: '/v1/sessions',
    headers: { origin: DEMO_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ botKey: f.botX.publicKey }),
    status: 403,
    code: 'forbidden:origin',
  })
  list.push({
    cls: 'wrong origins',
    name: 'a second shop’s bot config from the demo site',
    method: 'GET',
    path: `/v1/bots/${f.botX.publicKey}`,
    headers: { origin: DEMO_ORIGIN },
    status: 403,
    code: 'forbidden:origin',
  })

  // 9. Admin routes without a key, with a wrong one, or with another organization's.
  const adminRoutes: [string, string, string | undefined][] = [
    ['GET', '/v1/admin/bots', undefined],
    ['GET', `/v1/admin/bots/${f.botX.id}`, undefined],
    ['PATCH', `/v1/admin/bots/${f.botX.id}`, JSON.stringify({ name: 'pwned' })],
    ['POST', `/v1/admin/bots/${f.botX.id}/rotate-secret`, undefined],
    ['POST', '/v1/admin/bots', JSON.stringify({ name: 'x', allowedOrigins: ['*'] })],
    ['GET', '/v1/admin/sessions', undefined],
    ['GET', `/v1/admin/sessions/${f.a.sessionId}`, undefined],
    ['GET', `/v1/admin/sessions/${f.a.sessionId}/export`, undefined],
    ['DELETE', `/v1/admin/sessions/${f.a.sessionId}`, undefined],
    ['POST', '/v1/admin/organizations', JSON.stringify({ name: 'x' })],
    [
      'POST',
      `/v1/admin/bots/${f.botX.id}/documents`,
      JSON.stringify({
        documents: [
          {
            sourceType: 'faq',
            sourceId: 'faq:x',
            title: 'X',
            url: 'https://x.example/faq',
            content: 'pwned',
          },
        ],
      }),
    ],
  ]
  // The routes the console and shop actions added (knowledge, integrations, inbox, team, audit,
  // corrections, metrics): the same refusals, checked once for the whole admin sub-app.
  const newerAdminRoutes: [string, string, string | undefined][] = [
    ['GET', `/v1/admin/bots/${f.botX.id}/documents`, undefined],
    ['DELETE', `/v1/admin/bots/${f.botX.id}/documents/faq%3Ax`, undefined],
    [
      'POST',
      `/v1/admin/bots/${f.botX.id}/sitemap`,
      JSON.stringify({ url: 'https://other-shop.example/sitemap.xml' }),
    ],
    ['POST', `/v1/admin/bots/${f.botX.id}/ask`, JSON.stringify({ question: 'returns?' })],
    ['GET', `/v1/admin/bots/${f.botX.id}/integrations/orders`, undefined],
    [
      'PUT',
      `/v1/admin/bots/${f.botX.id}/integrations/orders`,
      JSON.stringify({
        url: 'https://other-shop.example/orders',
        secret: 'whsec_0123456789abcdef',
      }),
    ],
    ['DELETE', `/v1/admin/bots/${f.botX.id}/integrations/orders`, undefined],
    ['GET', '/v1/admin/integrations', undefined],
    [
      'POST',
      '/v1/admin/integrations',
      JSON.stringify({ botId: f.botX.id, url: 'https://hooks.example/x' }),
    ],
    ['POST', `/v1/admin/conversations/${f.a.sessionId}/claim`, undefined],
    [
      'POST',
      `/v1/admin/conversations/${f.a.sessionId}/messages`,
      JSON.stringify({ text: 'hello from nobody' }),
    ],
    ['POST', `/v1/admin/conversations/${f.a.sessionId}/archive`, undefined],
    ['GET', '/v1/admin/inbox', undefined],
    ['GET', '/v1/admin/leads', undefined],
    ['GET', '/v1/admin/audit', undefined],
    ['GET', '/v1/admin/keys', undefined],
    ['POST', '/v1/admin/keys', JSON.stringify({ name: 'x', role: 'owner' })],
    ['GET', '/v1/admin/me', undefined],
    ['GET', '/v1/admin/corrections', undefined],
    ['GET', '/v1/admin/metrics/overview', undefined],
    ['GET', '/v1/admin/metrics/teasers', undefined],
  ]
  const badKeys: [string, Record<string, string>][] = [
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer wrong-key-0123456789' }],
    [
      'a wrong organization-shaped key',
      { authorization: 'Bearer pak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    ],
    ['basic auth', { authorization: `Basic ${btoa(`admin:${OPERATOR_KEY}`)}` }],
    ['the key as a query-less header', { 'x-api-key': OPERATOR_KEY }],
  ]
  for (const [kname, headers] of badKeys) {
    for (const [method, path, body] of [...adminRoutes, ...newerAdminRoutes]) {
      list.push({
        cls: 'admin without/with wrong key',
        name: `${method} ${path}: ${kname}`,
        method,
        path,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
        status: 401,
        code: 'unauthorized:admin',
      })
    }
  }
  // Another organization's key: what is not yours does not exist.
  const yKey = { authorization: `Bearer ${f.orgY.apiKey}` }
  // Of the newer routes, those that name org X's bot or conversation.
  const namingX = newerAdminRoutes.filter(([, p]) => /\/(bots|conversations)\//.test(p))
  for (const [method, path, body] of adminRoutes
    .slice(1, 4)
    .concat(adminRoutes.slice(6, 9), adminRoutes.slice(10), namingX)) {
    const isConversation = /\/(sessions|conversations)\//.test(path)
    list.push({
      cls: 'admin with another org’s key',
      name: `${method} ${path}`,
      method,
      path,
      headers: { ...yKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
      status: 404,
      code: isConversation ? 'not_found:conversation' : 'not_found:bot',
    })
  }
  list.push({
    cls: 'admin with another org’s key',
    name: 'webhook on org X’s bot with org Y’s key',
    method: 'POST',
    path: '/v1/admin/integrations',
    headers: { ...yKey, 'content-type': 'application/json' },
    body: JSON.stringify({ botId: f.botX.id, url: 'https://hooks.example/x' }),
    status: 404,
    code: 'not_found:bot',
  })
  list.push({
    cls: 'admin with another org’s key',
    name: 'create a bot in org X with org Y’s key',
    method: 'POST',
    path: '/v1/admin/bots',
    headers: { ...yKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', allowedOrigins: ['*'], organizationId: f.orgX.id }),
    status: 403,
    code: 'forbidden:organization',
  })
  list.push({
    cls: 'admin with another org’s key',
    name: 'create an organization with an org key',
    method: 'POST',
    path: '/v1/admin/organizations',
    headers: { ...yKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x' }),
    status: 403,
    code: 'forbidden:admin',
  })

  // 10. Identity claims that do not verify.
  const identityCases: [string, Record<string, unknown>][] = [
    ['a zero hash', { id: 'user-1', hash: '0'.repeat(64) }],
    ['the hash of another user', { id: 'user-1', hash: '' }],
    ['a hash made with another bot’s secret', { id: 'user-1', hash: '' }],
    ['an upper-cased wrong hash', { id: 'user-1', hash: 'A'.repeat(64) }],
  ]
  for (const [name, user] of identityCases) {
    list.push({
      cls: 'unverified identity',
      name: `POST /v1/sessions: ${name}`,
      method: 'POST',
      path: '/v1/sessions',
      headers: h('POST /v1/sessions'),
      body: JSON.stringify({ botKey: 'pk_demo', user }),
      status: 401,
      code: 'unauthorized:identity',
    })
    list.push({
      cls: 'unverified identity',
      name: `POST identify: ${name}`,
      method: 'POST',
      path: `/v1/sessions/${f.a.sessionId}/identify`,
      headers: h('POST identify'),
      body: JSON.stringify({ user }),
      status: 401,
      code: 'unauthorized:identity',
    })
  }
  return list
}

/** Hashes the identity table's placeholders need (async, so filled in before the run). */
async function fillHashes(list: Attempt[]) {
  const other = await computeUserHash(DEMO_SECRET, 'user-2')
  const otherBot = await computeUserHash(f.botX.secret, 'user-1')
  for (const a of list) {
    if (a.cls !== 'unverified identity' || typeof a.body !== 'string') continue
    if (a.name.includes('another user')) a.body = a.body.replace('"hash":""', `"hash":"${other}"`)
    if (a.name.includes('another bot')) a.body = a.body.replace('"hash":""', `"hash":"${otherBot}"`)
  }
}

describe('hostile requests that must be refused', () => {
  it('refuses every one with its 4xx and writes nothing', async () => {
    const attempts = refusedAttempts()
    await fillHashes(attempts)
    // An expired token (signed correctly, a minute past expiry) on every token route.
    const expired = await signSessionToken(SECRET, {
      sid: f.a.sessionId,
      bid: DEMO_BOT_ID,
      exp: Math.floor(Date.now() / 1000) - 60,
    })
    for (const path of [
      `/v1/sessions/${f.a.sessionId}/messages`,
      `/v1/sessions/${f.a.sessionId}/stream`,
    ]) {
      attempts.push({
        cls: 'forged/expired/cross tokens',
        name: `${path}: expired`,
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${expired}` },
        status: 401,
        code: 'unauthorized:session_expired',
      })
    }
    attempts.push({
      cls: 'forged/expired/cross tokens',
      name: 'chat: expired',
      method: 'POST',
      path: '/v1/chat',
      headers: { authorization: `Bearer ${expired}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: f.a.sessionId, message: { id: 'e-1', text: 'hi' } }),
      status: 401,
      code: 'unauthorized:session_expired',
    })
    attempts.push({
      cls: 'forged/expired/cross tokens',
      name: 'delete: expired',
      method: 'DELETE',
      path: `/v1/sessions/${f.a.sessionId}`,
      headers: { authorization: `Bearer ${expired}` },
      status: 401,
      code: 'unauthorized:session_expired',
    })

    const before = await snapshot(db, edge)
    const failures: string[] = []
    for (const a of attempts) {
      const res = await send(a)
      const text = await res.text()
      outcomes.push({ cls: a.cls, status: res.status })
      let code = ''
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? ''
      } catch {
        code = '(not JSON)'
      }
      if (res.status !== a.status || (a.code && !code.startsWith(a.code))) {
        failures.push(
          `${a.cls} — ${a.name}: got ${res.status} ${code}, want ${a.status} ${a.code ?? ''}`,
        )
      }
      if (/at .*\.ts|stack/i.test(text)) failures.push(`${a.name}: leaked a stack trace`)
    }
    expect(failures).toEqual([])
    expect(outcomes.every((o) => o.status < 500)).toBe(true)
    expect(await snapshot(db, edge)).toEqual(before)
    expect(attempts.length).toBeGreaterThanOrEqual(200)
  })
})

describe('hostile text that is accepted', () => {
  it('stores injection strings and odd Unicode verbatim and runs none of them', async () => {
    const texts = [...INJECTION_STRINGS, ...ODD_BUT_VALID.map(([, t]) => t)]
    const bots = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bots')
    for (const [i, text] of texts.entries()) {
      const id = `hostile-${i}`
      const res = await send({
        cls: 'accepted hostile text',
        name: text,
        method: 'POST',
        path: '/v1/chat',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${f.b.token}`,
          origin: DEMO_ORIGIN,
        },
        body: JSON.stringify({
          sessionId: f.b.sessionId,
          message: { id, text },
          context: { url: `${DEMO_ORIGIN}/p`, title: text },
        }),
        status: 200,
      })
      await res.text()
      outcomes.push({ cls: 'accepted hostile text', status: res.status })
      expect(res.status, text).toBe(200)
      const [row] = await db.query<{ content: string; title: string }>(
        `SELECT content, page_context->>'title' AS title FROM chat_messages WHERE session_id = $1 AND client_id = $2`,
        [f.b.sessionId, id],
      )
      expect(row).toEqual({ content: text, title: text })
    }
    await edge.settle()
    for (const [i, text] of texts.entries()) {
      const q = encodeURIComponent(text.slice(0, 40))
      const res = await edge.app.request(`/v1/admin/sessions?q=${q}&userId=${q}`, {
        headers: { authorization: `Bearer ${OPERATOR_KEY}` },
      })
      outcomes.push({ cls: 'accepted hostile text', status: res.status })
      expect(res.status, `search ${i}`).toBe(200)
      const bot = await edge.app.request('/v1/admin/bots', {
        method: 'POST',
        headers: { authorization: `Bearer ${f.orgX.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: text,
          welcomeMessage: text,
          allowedOrigins: ['https://x.example'],
        }),
      })
      outcomes.push({ cls: 'accepted hostile text', status: bot.status })
      expect(bot.status).toBe(201)
      expect(await bot.json()).toMatchObject({ name: text.trim(), welcomeMessage: text })
    }
    const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bots')
    expect(after?.n).toBe((bots[0]?.n ?? 0) + texts.length)
  })
})

describe('floods', () => {
  // Same database, a frozen clock: the flood stays inside one rate-limit window.
  const flooded = () => createSecuredEdge(db, { now: midMinuteClock() })
  it('answers session floods past the limit with 429 and Retry-After, creating only what was allowed', async () => {
    const ip = '203.0.113.7'
    const edge = flooded()
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_sessions')
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      const res = await edge.app.request('/v1/sessions', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: DEMO_ORIGIN,
          'x-forwarded-for': `${ip}, 10.0.0.1`,
        },
        body: JSON.stringify({ botKey: 'pk_demo' }),
      })
      statuses.push(res.status)
      outcomes.push({ cls: 'floods', status: res.status })
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        expect((await res.json()).error.code).toBe('rate_limited:sessions')
      }
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
    const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_sessions')
    expect(after?.n).toBe((before[0]?.n ?? 0) + 10)
  })

  it('answers chat floods from one IP across sessions with 429 once past 60 a minute', async () => {
    const ip = '198.51.100.9'
    const edge = flooded()
    const sessions = await Promise.all(Array.from({ length: 4 }, () => newSession()))
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_messages')
    let accepted = 0
    for (let i = 0; i < 70; i++) {
      const s = sessions[i % 4] as { sessionId: string; token: string }
      const res = await edge.app.request('/v1/chat', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${s.token}`,
          origin: DEMO_ORIGIN,
          'x-forwarded-for': ip,
        },
        body: JSON.stringify({
          sessionId: s.sessionId,
          message: { id: `flood-${i}`, text: 'hi' },
          context: { url: `${DEMO_ORIGIN}/p` },
        }),
      })
      await res.text()
      outcomes.push({ cls: 'floods', status: res.status })
      if (res.status === 200) accepted++
      else expect(res.status).toBe(429)
    }
    await edge.settle()
    expect(accepted).toBe(60)
    const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_messages')
    expect(after?.n).toBe((before[0]?.n ?? 0) + 2 * 60)
  })
})

describe('summary', () => {
  it('prints the requests tried by class and their outcomes', () => {
    const classes = [...new Set(outcomes.map((o) => o.cls))]
    const rows = classes.map((cls) => {
      const mine = outcomes.filter((o) => o.cls === cls)
      const byStatus = new Map<number, number>()
      for (const o of mine) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1)
      return {
        class: cls,
        tried: mine.length,
        outcomes: [...byStatus.entries()]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' '),
        '5xx': mine.filter((o) => o.status >= 500).length,
      }
    })
    rows.push({
      class: 'total',
      tried: outcomes.length,
      outcomes: `${outcomes.filter((o) => o.status < 400).length} accepted, ${outcomes.filter((o) => o.status >= 400 && o.status < 500).length} refused`,
      '5xx': outcomes.filter((o) => o.status >= 500).length,
    })
    console.log('[parley] hostile requests by class')
    console.table(rows)
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([])
    expect(outcomes.length).toBeGreaterThanOrEqual(200)
  })
})
