import type { LanguageModelV4StreamPart } from '@ai-sdk/provider'
import { MockLanguageModelV4 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { createOfflineModel } from '../src/ai/offline-model'
import {
  chatRequest,
  count,
  createSession,
  createTestDb,
  createTestEdge,
  DEMO_ORIGIN,
  history,
  parseUiStream,
  scriptedModel,
  textOf,
  useTestEdge,
} from './helpers'

const { db, edge } = useTestEdge()

const productPage = {
  url: `${DEMO_ORIGIN}/products/oak-dining-table.html`,
  title: 'Oak dining table',
  product: {
    name: 'Oak Dining Table',
    sku: 'OE-TBL-001',
    price: 1299,
    currency: 'EUR',
    availability: 'https://schema.org/InStock',
  },
}

describe('POST /v1/chat', () => {
  it('streams an AI SDK UI message stream and persists both turns', async () => {
    const session = await createSession(edge)
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(session, 'How much is this?', { context: productPage }),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    expect(res.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)
    const { chunks, done } = parseUiStream(await res.text())
    expect(done).toBe(true)
    expect(chunks[0]).toMatchObject({ type: 'start', messageMetadata: { offline: true } })
    expect(chunks.at(-1)).toEqual({ type: 'finish' })
    expect(textOf(chunks)).toContain('€1,299')

    const h = await history(edge, session)
    expect(h.status).toBe(200)
    expect(h.body.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
    expect(h.body.messages[0]?.content).toBe('How much is this?')
    expect(h.body.messages[1]?.content).toBe(textOf(chunks))
  })

  it('answers a re-sent message id from the stored answer, never twice', async () => {
    const session = await createSession(edge)
    const request = () =>
      edge.app.request(
        '/v1/chat',
        chatRequest(session, 'How much is this?', { id: 'msg-retry-1', context: productPage }),
      )
    const first = parseUiStream(await (await request()).text())
    await edge.settle()
    const second = parseUiStream(await (await request()).text())
    expect(textOf(second.chunks)).toBe(textOf(first.chunks))
    const rows = await db.query<{ role: string }>(
      'SELECT role FROM chat_messages WHERE session_id = $1',
      [session.sessionId],
    )
    expect(rows.map((r) => r.role).sort()).toEqual(['assistant', 'user'])
  })

  it('joins the answer in flight when the same id is re-sent while it streams', async () => {
    const slow = createTestEdge(db, { model: createOfflineModel({ tokenDelayMs: 5 }) })
    slow.deps.chatModel.offline = true
    const session = await createSession(slow)
    const init = () =>
      chatRequest(session, 'How much is this?', { id: 'msg-concurrent', context: productPage })
    const [a, b] = await Promise.all([
      slow.app.request('/v1/chat', init()),
      slow.app.request('/v1/chat', init()),
    ])
    const [ta, tb] = await Promise.all([a.text(), b.text()])
    expect(textOf(parseUiStream(ta).chunks)).toBe(textOf(parseUiStream(tb).chunks))
    await slow.settle()
    expect((await history(slow, session)).body.messages).toHaveLength(2)
  })

  it('persists the whole answer when the client goes away mid-stream', async () => {
    const slow = createTestEdge(db, { model: createOfflineModel({ tokenDelayMs: 3 }) })
    const session = await createSession(slow)
    const res = await slow.app.request(
      '/v1/chat',
      chatRequest(session, 'How much is this oak table?', { context: productPage }),
    )
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.cancel()
    await slow.settle()
    const h = await history(slow, session)
    const answer = h.body.messages[1]
    expect(answer?.status).toBe('complete')
    expect(answer?.content).toContain('The **Oak Dining Table** costs €1,299.')
  })

  it('stops generating when the shopper presses Stop, and keeps the partial answer as aborted', async () => {
    const slow = createTestEdge(db, { model: createOfflineModel({ tokenDelayMs: 20 }) })
    const session = await createSession(slow)
    const res = await slow.app.request(
      '/v1/chat',
      chatRequest(session, 'What is your return policy?', { context: productPage }),
    )
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let seen = ''
    while (!seen.includes('"text-delta"')) seen += decoder.decode((await reader.read()).value)
    const stop = await slow.app.request(`/v1/sessions/${session.sessionId}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, origin: DEMO_ORIGIN },
    })
    expect(await stop.json()).toEqual({ stopped: true })
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      seen += decoder.decode(value)
    }
    expect(seen).toContain('[DONE]')
    await slow.settle()
    const answer = (await history(slow, session)).body.messages[1]
    expect(answer?.status).toBe('aborted')
    // The same question answered in full, for comparison: the stopped one is a strict prefix.
    const full = await createSession(edge)
    const whole = textOf(
      parseUiStream(
        await (
          await edge.app.request(
            '/v1/chat',
            chatRequest(full, 'What is your return policy?', { context: productPage }),
          )
        ).text(),
      ).chunks,
    )
    expect(answer?.content.length).toBeGreaterThan(0)
    expect(answer?.content.length).toBeLessThan(whole.length)
    expect(whole.startsWith(answer?.content ?? '')).toBe(true)
    const again = await slow.app.request(`/v1/sessions/${session.sessionId}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(await again.json()).toEqual({ stopped: false })
  })

  it('marks the answer failed when the model errors, and a re-send of the same id answers it', async () => {
    let calls = 0
    const flaky = new MockLanguageModelV4({
      doStream: async () => {
        calls++
        const parts: LanguageModelV4StreamPart[] =
          calls === 1
            ? [
                { type: 'text-start', id: '1' },
                { type: 'text-delta', id: '1', delta: 'Part' },
                { type: 'error', error: new Error('upstream 500') },
              ]
            : [
                { type: 'text-start', id: '1' },
                { type: 'text-delta', id: '1', delta: 'Recovered answer.' },
                { type: 'text-end', id: '1' },
                {
                  type: 'finish',
                  finishReason: { unified: 'stop', raw: 'stop' },
                  usage: {
                    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
                    outputTokens: { total: 3, text: 3, reasoning: 0 },
                  },
                },
              ]
        return {
          stream: new ReadableStream({
            start: (c) => {
              for (const p of parts) c.enqueue(p)
              c.close()
            },
          }),
        }
      },
    })
    const flakyEdge = createTestEdge(db, { model: flaky })
    const session = await createSession(flakyEdge)
    const first = parseUiStream(
      await (
        await flakyEdge.app.request(
          '/v1/chat',
          chatRequest(session, 'Hello there friend', { id: 'flaky-1' }),
        )
      ).text(),
    )
    expect(first.chunks.some((c) => c.type === 'error')).toBe(true)
    await flakyEdge.settle()
    expect((await history(flakyEdge, session)).body.messages[1]?.status).toBe('failed')

    const second = parseUiStream(
      await (
        await flakyEdge.app.request(
          '/v1/chat',
          chatRequest(session, 'Hello there friend', { id: 'flaky-1' }),
        )
      ).text(),
    )
    expect(textOf(second.chunks)).toBe('Recovered answer.')
    await flakyEdge.settle()
    const h = await history(flakyEdge, session)
    expect(h.body.messages.map((m) => m.status)).toEqual(['complete', 'complete'])
    const [row] = await db.query<{ input_tokens: number; output_tokens: number }>(
      "SELECT input_tokens, output_tokens FROM chat_messages WHERE session_id = $1 AND role = 'assistant'",
      [session.sessionId],
    )
    expect(row).toEqual({ input_tokens: 10, output_tokens: 3 })
  })

  it('sends the history of earlier turns to the model', async () => {
    const { model: echo, prompts: seen } = scriptedModel((call) => `answer ${call}`)
    const e = createTestEdge(db, { model: echo })
    const session = await createSession(e)
    await (await e.app.request('/v1/chat', chatRequest(session, 'first question'))).text()
    await e.settle()
    await (await e.app.request('/v1/chat', chatRequest(session, 'second question'))).text()
    const prompt = seen[1] as { role: string; content: unknown }[]
    expect(prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(JSON.stringify(prompt)).toContain('first question')
    expect(JSON.stringify(prompt)).toContain('answer 1')
  })

  it('offers the contact nudge after more than four user turns, with its full payload', async () => {
    const session = await createSession(edge)
    let last: ReturnType<typeof parseUiStream> | undefined
    for (const q of [
      'Which woods do you use?',
      'Is oak durable?',
      'Do you deliver?',
      'How long does it take?',
      'Can I pay in instalments?',
    ]) {
      last = parseUiStream(
        await (await edge.app.request('/v1/chat', chatRequest(session, q))).text(),
      )
      await edge.settle()
    }
    const suggestion = last?.chunks.find((c) => c.type === 'data-suggestions')
    expect(suggestion).toMatchObject({
      data: {
        actions: [{ label: 'Talk to a person', payload: 'Can I talk to a person?' }],
      },
    })
  })
})

describe('session security', () => {
  it('lets the page read a 401 for an expired token, so the widget can start over', async () => {
    const session = await createSession(edge)
    const later = createTestEdge(db, { now: () => Date.now() + 31 * 24 * 3600 * 1000 })
    const res = await later.app.request('/v1/chat', chatRequest(session, 'hi'))
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)
  })

  it('answers the stored question when a failed turn is re-sent with other text', async () => {
    const { model, prompts } = scriptedModel((call) => (call === 1 ? new Error('down') : 'ok'))
    const e = createTestEdge(db, { model })
    const session = await createSession(e)
    await (
      await e.app.request('/v1/chat', chatRequest(session, 'Original question', { id: 'resend-1' }))
    ).text()
    await e.settle()
    await (
      await e.app.request('/v1/chat', chatRequest(session, 'Different text', { id: 'resend-1' }))
    ).text()
    await e.settle()
    const asked = JSON.stringify(prompts.at(-1)?.at(-1))
    expect(asked).toContain('Original question')
    expect(asked).not.toContain('Different text')
  })

  it('refuses no token, a forged token and another session’s token', async () => {
    const a = await createSession(edge)
    const b = await createSession(edge)
    const before = await count(db, 'chat_messages')
    const noToken = await edge.app.request('/v1/chat', {
      ...chatRequest(a, 'hi'),
      headers: { 'content-type': 'application/json' },
    })
    expect(noToken.status).toBe(401)
    const forged = await edge.app.request(
      '/v1/chat',
      chatRequest({ ...a, token: `${a.token.slice(0, -4)}AAAA` }, 'hi'),
    )
    expect(forged.status).toBe(401)
    const cross = await edge.app.request(
      '/v1/chat',
      chatRequest({ sessionId: b.sessionId, token: a.token }, 'hi'),
    )
    expect(cross.status).toBe(403)
    expect((await cross.json()).error.code).toBe('forbidden:session')
    const crossRead = await history(edge, { sessionId: b.sessionId, token: a.token })
    expect(crossRead.status).toBe(403)
    expect(await count(db, 'chat_messages')).toBe(before)
  })

  it('refuses an expired token with 401', async () => {
    const session = await createSession(edge)
    const later = createTestEdge(db, { now: () => Date.now() + 31 * 24 * 3600 * 1000 })
    const res = await later.app.request(`/v1/sessions/${session.sessionId}/messages`, {
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthorized:session_expired')
  })

  it('erases a session with its messages, and its token then finds nothing', async () => {
    const session = await createSession(edge)
    await (await edge.app.request('/v1/chat', chatRequest(session, 'Do you deliver?'))).text()
    await edge.settle()
    const del = await edge.app.request(`/v1/sessions/${session.sessionId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(del.status).toBe(204)
    const rows = await db.query('SELECT 1 FROM chat_messages WHERE session_id = $1', [
      session.sessionId,
    ])
    expect(rows).toHaveLength(0)
    expect((await history(edge, session)).status).toBe(404)
  })

  it('refuses a page on an origin the bot does not allow', async () => {
    const before = await count(db, 'chat_sessions')
    const res = await edge.app.request('/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ botKey: 'pk_demo' }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(await count(db, 'chat_sessions')).toBe(before)
    const bot = await edge.app.request('/v1/bots/pk_demo', {
      headers: { origin: 'https://evil.example' },
    })
    expect(bot.status).toBe(403)
  })
})

describe('bad input', () => {
  const cases: [string, RequestInit, number, string][] = [
    [
      'not JSON',
      { body: '{"sessionId":', headers: { 'content-type': 'application/json' } },
      400,
      'bad_request:chat',
    ],
    [
      'wrong content type',
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type:chat',
    ],
    [
      'an oversized body',
      {
        body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'payload_too_large:chat',
    ],
    [
      'a missing message',
      {
        body: JSON.stringify({ sessionId: crypto.randomUUID() }),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'bad_request:chat',
    ],
    [
      'an empty text',
      {
        body: JSON.stringify({ sessionId: crypto.randomUUID(), message: { id: 'a', text: '   ' } }),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'bad_request:chat',
    ],
    [
      'a too long text',
      {
        body: JSON.stringify({
          sessionId: crypto.randomUUID(),
          message: { id: 'a', text: 'x'.repeat(4001) },
        }),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'bad_request:chat',
    ],
    [
      'a javascript: context url',
      {
        body: JSON.stringify({
          sessionId: crypto.randomUUID(),
          message: { id: 'a', text: 'hi' },
          context: { url: 'javascript:alert(1)' },
        }),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'bad_request:chat',
    ],
  ]
  for (const [name, init, status, code] of cases) {
    it(`answers ${name} with ${status}`, async () => {
      const before = await count(db, 'chat_messages')
      const res = await edge.app.request('/v1/chat', { method: 'POST', ...init })
      expect(res.status).toBe(status)
      expect((await res.json()).error.code).toBe(code)
      expect(await count(db, 'chat_messages')).toBe(before)
    })
  }

  it('answers an unknown route with a JSON 404', async () => {
    const res = await edge.app.request('/v1/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found:route', message: 'No such route.' },
    })
  })
})

describe('faults', () => {
  it('answers 503 when the database is down, with no stack trace', async () => {
    const broken = await createTestDb()
    const e = createTestEdge(broken)
    const session = await createSession(e)
    await broken.close()
    const res = await e.app.request('/v1/chat', chatRequest(session, 'hi'))
    expect(res.status).toBe(503)
    const body = await res.json()
    expect(body.error.code).toBe('unavailable:database')
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/)
    const healthRes = await e.app.request('/v1/health')
    expect(healthRes.status).toBe(503)
  })
})
