import { describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../entry/api/client'
import { ApiError } from '../../entry/api/transport'
import { createSessionStorage } from '../../entry/host/storage'
import type { BotConfig, HistoryMessage } from '../../shared/api-types'
import type { ChatApi } from '../../shared/panel-contract'
import { createChatStore, isOutage } from './chat'

const bot: BotConfig = {
  key: 'pk_demo',
  name: 'Oak & Ember Assistant',
  welcome: 'Hi!',
  starterQuestions: ['What is your return policy?'],
  model: { id: 'offline-extractive', offline: true },
}

function sse(events: unknown[]) {
  return events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('')
}

const answerEvents = [
  { type: 'start', messageId: 'srv-answer-1' },
  { type: 'source-url', sourceId: 's1', url: 'https://shop.example/returns', title: 'Returns' },
  { type: 'source-url', sourceId: 's2', url: 'javascript:alert(1)', title: 'Evil' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'You can return ' },
  { type: 'text-delta', id: 't', delta: 'within 30 days.' },
  { type: 'text-end', id: 't' },
  {
    type: 'data-suggestions',
    data: { actions: [{ label: 'Talk to an expert', payload: 'How can I contact you?' }] },
  },
  { type: 'finish' },
  '[DONE]',
]

function streamResponse(body: string) {
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

/** A stream the test feeds by hand. */
function openStream() {
  let push!: (text: string) => void
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => controller.enqueue(new TextEncoder().encode(text))
    },
  })
  return { response: new Response(body), push }
}

function fakeApi(
  overrides: Partial<ChatApi> = {},
): ChatApi & { sent: { id: string; text: string }[] } {
  const sent: { id: string; text: string }[] = []
  return {
    sent,
    getBot: async () => bot,
    history: async () => [],
    chat: async (message) => {
      sent.push(message)
      return streamResponse(sse(answerEvents))
    },
    restart: () => {},
    erase: async () => {},
    resume: async () => null,
    ...overrides,
  }
}

async function settled(store: ReturnType<typeof createChatStore>) {
  await vi.waitFor(() => expect(store.status.value).toBe('idle'))
}

describe('isOutage', () => {
  it('is the shop’s server failing or unreachable, never the shopper’s doing', () => {
    for (const code of ['network', 'timeout', 'http_502', 'unavailable:database'])
      expect(isOutage({ code }), code).toBe(true)
    for (const code of ['rate_limited:session', 'stream', 'interrupted', 'bad_request:chat'])
      expect(isOutage({ code }), code).toBe(false)
  })
})

describe('createChatStore', () => {
  it('loads the bot config and the history, oldest first', async () => {
    const history: HistoryMessage[] = [
      { id: 'u1', role: 'user', content: 'Hi', status: 'complete' },
      {
        id: 'a1',
        role: 'assistant',
        content: 'Hello!',
        status: 'complete',
        sources: [{ url: 'https://shop.example/faq', title: 'FAQ' }],
      },
    ]
    const store = createChatStore(fakeApi({ history: async () => history }))
    await store.loadHistory()
    expect(store.botConfig.value?.name).toBe('Oak & Ember Assistant')
    expect(store.messages.value).toEqual([
      { id: 'u1', role: 'user', content: 'Hi' },
      {
        id: 'a1',
        role: 'assistant',
        content: 'Hello!',
        sources: [{ url: 'https://shop.example/faq', title: 'FAQ' }],
      },
    ])
    expect(store.status.value).toBe('idle')
  })

  it('resumes an answer still being generated when the page was reloaded mid-stream', async () => {
    const history: HistoryMessage[] = [
      { id: 'u1', role: 'user', content: 'What is your return policy?', status: 'complete' },
      { id: 'srv-answer-1', role: 'assistant', content: '', status: 'streaming' },
    ]
    const resume = vi.fn(async () => streamResponse(sse(answerEvents)))
    const store = createChatStore(fakeApi({ history: async () => history, resume }))
    await store.loadHistory()
    await settled(store)
    expect(resume).toHaveBeenCalledOnce()
    expect(store.messages.value.map((m) => [m.id, m.content])).toEqual([
      ['u1', 'What is your return policy?'],
      ['srv-answer-1', 'You can return within 30 days.'],
    ])
  })

  it('reads the history again when nothing is left to resume: the answer finished meanwhile', async () => {
    // The shopper reloaded mid-answer and opened the chat only after it had finished: the
    // history they loaded still said streaming, /stream has nothing (204).
    const histories: HistoryMessage[][] = [
      [
        { id: 'u1', role: 'user', content: 'Hi', status: 'complete' },
        { id: 'a1', role: 'assistant', content: 'Hel', status: 'streaming' },
      ],
      [
        { id: 'u1', role: 'user', content: 'Hi', status: 'complete' },
        { id: 'a1', role: 'assistant', content: 'Hello! How can I help?', status: 'complete' },
      ],
    ]
    const resume = vi.fn(async () => null)
    const store = createChatStore(fakeApi({ history: async () => histories.shift() ?? [], resume }))
    await store.loadHistory()
    expect(resume).toHaveBeenCalledOnce()
    expect(store.status.value).toBe('idle')
    expect(store.error.value).toBeNull()
    expect(store.messages.value.at(-1)).toEqual({
      id: 'a1',
      role: 'assistant',
      content: 'Hello! How can I help?',
    })
  })

  it('offers Retry for an answer the server still calls streaming but nothing follows', async () => {
    const store = createChatStore(
      fakeApi({
        history: async () => [
          { id: 'u1', role: 'user', content: 'Hi', status: 'complete' },
          { id: 'a1', role: 'assistant', content: 'Hel', status: 'streaming' },
        ],
        resume: async () => null,
      }),
    )
    await store.loadHistory()
    expect(store.status.value).toBe('idle')
    expect(store.messages.value.at(-1)).toMatchObject({ content: 'Hel', state: 'failed' })
    expect(store.error.value).toMatchObject({ code: 'interrupted', messageId: 'u1' })
  })

  it('streams an answer with safe sources and suggested actions, and reports both messages', async () => {
    const onMessage = vi.fn()
    const api = fakeApi()
    const store = createChatStore(api, { onMessage })
    store.draft.value = 'Can I return a chair? '
    expect(await store.send()).toBe(true)
    expect(store.draft.value).toBe('')
    await settled(store)
    const [user, answer] = store.messages.value
    expect(user).toEqual({ id: api.sent[0]?.id, role: 'user', content: 'Can I return a chair?' })
    expect(answer).toEqual({
      id: 'srv-answer-1',
      role: 'assistant',
      content: 'You can return within 30 days.',
      sources: [{ url: 'https://shop.example/returns', title: 'Returns' }],
      actions: [{ label: 'Talk to an expert', payload: 'How can I contact you?' }],
    })
    expect(store.announcement.value).toBe('You can return within 30 days.')
    expect(onMessage.mock.calls.map(([m]) => m.role)).toEqual(['user', 'assistant'])
    expect(onMessage).toHaveBeenLastCalledWith({
      id: 'srv-answer-1',
      role: 'assistant',
      content: 'You can return within 30 days.',
    })
  })

  it('keeps the typed text and retries with the same id when the send was refused', async () => {
    const onError = vi.fn()
    let calls = 0
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        if (++calls === 1) throw new TypeError('Failed to fetch')
        return streamResponse(sse(answerEvents))
      },
    })
    const store = createChatStore(api, { onError })
    store.draft.value = 'Do you deliver to Berlin?'
    expect(await store.send()).toBe(false)
    expect(store.draft.value).toBe('Do you deliver to Berlin?')
    expect(store.error.value).toMatchObject({ code: 'network', messageId: api.sent[0]?.id })
    expect(store.messages.value[0]?.state).toBe('failed')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'network' }))

    expect(await store.retry()).toBe(true)
    await settled(store)
    expect(api.sent).toHaveLength(2)
    expect(api.sent[1]).toEqual(api.sent[0])
    expect(store.draft.value).toBe('')
    expect(store.error.value).toBeNull()
    expect(store.messages.value.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  it('treats sending the same failed text again as a retry of the same message', async () => {
    let calls = 0
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        if (++calls === 1) throw new ApiError(429, 'rate_limited:chat', 'Slow down')
        return streamResponse(sse(answerEvents))
      },
    })
    const store = createChatStore(api)
    await store.send('Hello')
    expect(store.error.value?.message).toBe('Slow down')
    await store.send('Hello')
    await settled(store)
    expect(api.sent[1]?.id).toBe(api.sent[0]?.id)
    expect(store.messages.value.filter((m) => m.role === 'user')).toHaveLength(1)
  })

  it('shows a stream error with retry, and the retry replaces the failed answer', async () => {
    let calls = 0
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        if (++calls === 1) {
          return streamResponse(
            sse([
              { type: 'start', messageId: 'a-fail' },
              { type: 'text-delta', id: 't', delta: 'Partial' },
              { type: 'error', errorText: 'The model is unavailable.' },
            ]),
          )
        }
        return streamResponse(sse(answerEvents))
      },
    })
    const store = createChatStore(api)
    await store.send('Question')
    await settled(store)
    expect(store.error.value).toEqual({
      code: 'stream',
      message: 'The model is unavailable.',
      messageId: api.sent[0]?.id,
    })
    expect(store.messages.value[1]).toMatchObject({ content: 'Partial', state: 'failed' })
    await store.retry()
    await settled(store)
    expect(api.sent[1]?.id).toBe(api.sent[0]?.id)
    expect(store.messages.value.map((m) => m.content)).toEqual([
      'Question',
      'You can return within 30 days.',
    ])
  })

  it('stops a streaming answer and keeps the partial text', async () => {
    const { response, push } = openStream()
    const stop = vi.fn(async () => {})
    const store = createChatStore(fakeApi({ chat: async () => response, stop }))
    await store.send('Tell me everything')
    push(sse([{ type: 'text-delta', id: 't', delta: 'Once upon' }]))
    await vi.waitFor(() => expect(store.messages.value[1]?.content).toBe('Once upon'))
    store.stop()
    expect(stop).toHaveBeenCalledOnce()
    push(sse([{ type: 'text-delta', id: 't', delta: ' a time' }]))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(store.status.value).toBe('idle')
    expect(store.messages.value[1]).toMatchObject({ content: 'Once upon', state: 'stopped' })
  })

  it('shows an answer the shopper stopped as stopped after a reload', async () => {
    const store = createChatStore(
      fakeApi({
        history: async () => [
          { id: 'u1', role: 'user', content: 'Tell me everything', status: 'complete' },
          { id: 'a1', role: 'assistant', content: 'Once upon', status: 'aborted' },
        ],
      }),
    )
    await store.loadHistory()
    expect(store.messages.value[1]).toMatchObject({ content: 'Once upon', state: 'stopped' })
  })

  it('stops a send that was not accepted yet and keeps the draft', async () => {
    let signal: AbortSignal | undefined
    const store = createChatStore(
      fakeApi({
        chat: (_message, s) =>
          new Promise((_resolve, reject) => {
            signal = s
            s.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
          }),
      }),
    )
    store.draft.value = 'Hello?'
    const accepted = store.send()
    expect(store.status.value).toBe('submitted')
    store.stop()
    expect(await accepted).toBe(false)
    expect(signal?.aborted).toBe(true)
    expect(store.messages.value).toEqual([])
    expect(store.draft.value).toBe('Hello?')
    expect(store.error.value).toBeNull()
  })

  it('ignores empty sends and sends while an answer is streaming', async () => {
    const { response } = openStream()
    const api = fakeApi({
      chat: async (m) => {
        api.sent.push(m)
        return response
      },
    })
    const store = createChatStore(api)
    expect(await store.send('   ')).toBe(false)
    await store.send('First')
    expect(await store.send('Second')).toBe(false)
    expect(api.sent).toHaveLength(1)
  })

  it('New conversation empties the chat and starts a new session, keeping the old one', async () => {
    const restart = vi.fn()
    const erase = vi.fn(async () => {})
    const store = createChatStore(fakeApi({ restart, erase }))
    await store.send('Hi')
    await settled(store)
    store.restart()
    expect(restart).toHaveBeenCalledOnce()
    expect(erase).not.toHaveBeenCalled()
    expect(store.messages.value).toEqual([])
  })

  it('Erase my data deletes the conversation on the edge, and keeps it when that fails', async () => {
    const erase = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce({ code: 'network', message: 'down' })
      .mockResolvedValueOnce()
    const store = createChatStore(fakeApi({ erase }))
    await store.send('Hi')
    await settled(store)
    await expect(store.erase()).rejects.toMatchObject({ code: 'network' })
    expect(store.messages.value).toHaveLength(2)
    await store.erase()
    expect(store.messages.value).toEqual([])
  })

  it('derives busy once from the status: from the send until the answer ends', async () => {
    const { response } = openStream()
    const store = createChatStore(fakeApi({ chat: async () => response }))
    expect(store.busy.value).toBe(false)
    const accepted = store.send('Tell me everything')
    expect([store.status.value, store.busy.value]).toEqual(['submitted', true])
    await accepted
    expect([store.status.value, store.busy.value]).toEqual(['streaming', true])
    store.stop()
    expect([store.status.value, store.busy.value]).toEqual(['idle', false])
  })

  it('reports a failed load and retries it', async () => {
    let calls = 0
    const store = createChatStore(
      fakeApi({
        getBot: async () => {
          if (++calls === 1) throw new ApiError(404, 'not_found:bot', 'Unknown bot')
          return bot
        },
      }),
    )
    await store.loadHistory()
    expect(store.error.value).toEqual({
      code: 'not_found:bot',
      message: 'Unknown bot',
      messageId: undefined,
    })
    expect(await store.retry()).toBe(true)
    expect(store.botConfig.value).toEqual(bot)
  })
})

describe('createChatStore with the real client', () => {
  function fakeEdge(handler: (path: string, init: RequestInit) => Response) {
    const calls: { path: string; init: RequestInit }[] = []
    const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('https://edge.example', '')
      calls.push({ path, init })
      return handler(path, init)
    })
    return { fetch: fetch as unknown as typeof globalThis.fetch, calls }
  }

  function json(status: number, body: unknown) {
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    })
  }

  it('starts a new session when the stored one is rejected with 401', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 'old', token: 'expired' }))
    const edge = fakeEdge((path, init) => {
      if (path === '/v1/bots/pk_demo') return json(200, bot)
      if (path === '/v1/sessions/old/messages') {
        return json(401, { error: { code: 'unauthorized:session', message: 'Session expired' } })
      }
      if (path === '/v1/sessions' && init.method === 'POST') {
        return json(201, { sessionId: 'new', token: 'v1.fresh', expiresAt: '2030-01-01T00:00:00Z' })
      }
      if (path === '/v1/chat') return streamResponse(sse(answerEvents))
      return json(404, { error: { code: 'not_found', message: path } })
    })
    const api = createApiClient({
      base: 'https://edge.example',
      botKey: 'pk_demo',
      storage: createSessionStorage(window, 'parley:pk_demo'),
      context: () => ({ url: 'https://shop.example/p/1' }),
      fetch: edge.fetch,
    })
    const store = createChatStore(api)
    await store.loadHistory()
    expect(store.messages.value).toEqual([])
    expect(localStorage.getItem('parley:pk_demo')).toBeNull()

    await store.send('Hi')
    await settled(store)
    expect(JSON.parse(localStorage.getItem('parley:pk_demo') ?? '')).toEqual({
      sessionId: 'new',
      token: 'v1.fresh',
      expiresAt: '2030-01-01T00:00:00Z',
    })
    const chat = edge.calls.find((c) => c.path === '/v1/chat')
    expect((chat?.init.headers as Record<string, string> | undefined)?.authorization).toBe(
      'Bearer v1.fresh',
    )
    expect(JSON.parse(String(chat?.init.body))).toMatchObject({
      sessionId: 'new',
      message: { text: 'Hi' },
      context: { url: 'https://shop.example/p/1' },
    })
  })

  it('retries the turn once with a new session when the chat call says the session is gone', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 'erased', token: 't' }))
    const edge = fakeEdge((path) => {
      if (path === '/v1/chat' && edge.calls.filter((c) => c.path === '/v1/chat').length === 1) {
        return json(404, { error: { code: 'not_found:session', message: 'Gone' } })
      }
      if (path === '/v1/sessions') return json(201, { sessionId: 'fresh', token: 'v1.x' })
      return streamResponse(sse(answerEvents))
    })
    const api = createApiClient({
      base: 'https://edge.example',
      botKey: 'pk_demo',
      storage: createSessionStorage(window, 'parley:pk_demo'),
      context: () => ({ url: 'https://shop.example/' }),
      fetch: edge.fetch,
    })
    const store = createChatStore(api)
    await store.send('Hi')
    await settled(store)
    const turns = edge.calls
      .filter((c) => c.path === '/v1/chat')
      .map((c) => JSON.parse(String(c.init.body)))
    expect(turns).toHaveLength(2)
    expect(turns[1].sessionId).toBe('fresh')
    expect(turns[1].message.id).toBe(turns[0].message.id)
    expect(store.error.value).toBeNull()
  })
})

describe('a stalled or unreachable edge', () => {
  const never = () => new Promise<Response>(() => {})
  const quick = { slowMs: 20, giveUpMs: 60, backoffMs: [60_000] }

  it('says the answer is taking longer, then fails the turn with Retry and keeps the text', async () => {
    const store = createChatStore(fakeApi({ chat: never }), {}, quick)
    store.draft.value = 'Is the sofa in stock?'
    void store.send()
    await vi.waitFor(() => expect(store.slow.value).toBe(true))
    await vi.waitFor(() => expect(store.error.value?.code).toBe('timeout'))
    expect(store.slow.value).toBe(false)
    expect(store.busy.value).toBe(false)
    expect(store.draft.value).toBe('Is the sofa in stock?')
    expect(store.messages.value[0]).toMatchObject({ role: 'user', state: 'failed' })
    expect(isOutage(store.error.value)).toBe(true)
    store.stop()
  })

  it('fails an answer that stops mid-stream, keeping what came', async () => {
    const { response, push } = openStream()
    const store = createChatStore(fakeApi({ chat: async () => response }), {}, quick)
    await store.send('Tell me everything')
    push(sse([{ type: 'text-delta', id: 't', delta: 'Once upon' }]))
    await vi.waitFor(() => expect(store.error.value?.code).toBe('timeout'))
    expect(store.messages.value[1]).toMatchObject({ content: 'Once upon', state: 'failed' })
    store.stop()
  })

  it('recovers by itself after an outage: the same message again, with backoff', async () => {
    let calls = 0
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        if (++calls === 1) throw new TypeError('Failed to fetch')
        return streamResponse(sse(answerEvents))
      },
    })
    const store = createChatStore(api, {}, { backoffMs: [30] })
    await store.send('Hello?')
    expect(store.error.value?.code).toBe('network')
    await vi.waitFor(() =>
      expect(store.messages.value.at(-1)?.content).toBe('You can return within 30 days.'),
    )
    expect(api.sent.map((m) => m.id)).toEqual([api.sent[0]?.id, api.sent[0]?.id])
    expect(store.error.value).toBeNull()
  })

  it('retries at once when the browser is back online (recover), not only on its timer', async () => {
    let calls = 0
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        if (++calls === 1) throw new ApiError(503, 'unavailable:model', 'Down')
        return streamResponse(sse(answerEvents))
      },
    })
    const store = createChatStore(api, {}, { backoffMs: [60_000] })
    await store.send('Hello?')
    store.recover()
    await settled(store)
    await vi.waitFor(() => expect(store.error.value).toBeNull())
    expect(api.sent).toHaveLength(2)
  })

  it('does not retry by itself what is not an outage (a rate limit)', async () => {
    const api = fakeApi({
      chat: async (message) => {
        api.sent.push(message)
        throw new ApiError(429, 'rate_limited:session', 'Slow down.')
      },
    })
    const store = createChatStore(api, {}, { backoffMs: [10] })
    await store.send('Hello?')
    store.recover()
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(api.sent).toHaveLength(1)
  })

  it('loads again after a failed history load once the edge is back', async () => {
    let calls = 0
    const store = createChatStore(
      fakeApi({
        history: async () => {
          if (++calls === 1) throw new TypeError('Failed to fetch')
          return [{ id: 'u1', role: 'user', content: 'Earlier', status: 'complete' }]
        },
      }),
      {},
      { backoffMs: [20] },
    )
    await store.loadHistory()
    expect(store.error.value?.code).toBe('network')
    await vi.waitFor(() => expect(store.messages.value.map((m) => m.content)).toEqual(['Earlier']))
  })
})
