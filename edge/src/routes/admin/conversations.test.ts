import { beforeAll, describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../../test/helpers'
import { parseConfig } from '../../config'
import type { ConversationSummary } from './conversation-json'

const OPERATOR_KEY = 'operator-key-for-tests-0123456789'
const EXPORTED_AT = Date.parse('2026-05-01T12:00:00Z')
const UNKNOWN_ID = crypto.randomUUID()

const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: OPERATOR_KEY,
    }),
    now: () => EXPORTED_AT,
  }),
)

interface Page {
  conversations: ConversationSummary[]
  nextCursor: string | null
}

function get(path: string) {
  return edge.app.request(`/v1/admin${path}`, {
    headers: { authorization: `Bearer ${OPERATOR_KEY}` },
  })
}

async function list(query: string): Promise<Page> {
  const res = await get(`/conversations?botId=${botId}&${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Page
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

let botId: string
/** Sessions of the test bot by name; `full` has turns, a selection and model calls. */
const ids: Record<string, string> = {}

async function insertSession(
  name: string,
  at: string,
  extra: { turns?: [string, string]; user?: string } = {},
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO chat_sessions (bot_id, visitor_id, user_id, user_name, origin, current_page,
                                message_count, user_turns, created_at, last_activity_at)
     VALUES ($1, $2, $3, $4, 'https://shop.example', $5::jsonb, $6, $7, $8, $8)
     RETURNING id`,
    [
      botId,
      `visitor-${name}`,
      extra.user ?? null,
      extra.user ? 'Ada' : null,
      JSON.stringify({ url: `https://shop.example/${name}` }),
      extra.turns ? 2 : 0,
      extra.turns ? 1 : 0,
      at,
    ],
  )
  const id = row?.id ?? ''
  ids[name] = id
  if (extra.turns) {
    const [question, answer] = extra.turns
    await db.query(
      `WITH q AS (
         INSERT INTO chat_messages (session_id, role, content, sequence, created_at)
         VALUES ($1, 'user', $2, 1, $4) RETURNING id)
       INSERT INTO chat_messages (session_id, reply_to, role, content, sequence, feedback, created_at)
       SELECT $1, q.id, 'assistant', $3, 2, 1, $4 FROM q`,
      [id, question, answer, at],
    )
  }
  return id
}

beforeAll(async () => {
  const [bot] = await db.query<{ id: string }>(
    `INSERT INTO bots (organization_id, public_key, secret, name)
     SELECT organization_id, 'pk_conversations_test', 'secret', 'Conversations test'
       FROM bots WHERE public_key = 'pk_demo'
     RETURNING id`,
  )
  botId = bot?.id ?? ''
  // Newest activity first: full, a, b and c (b and c at the same instant), the two empty ones.
  await insertSession('empty-old', '2026-03-30T08:00:00Z')
  await insertSession('c', '2026-03-31T09:00:00Z', { turns: ['Question C', 'Answer C'] })
  await insertSession('b', '2026-03-31T09:00:00Z', { turns: ['Question B', 'Answer B'] })
  await insertSession('empty-new', '2026-03-31T12:00:00Z')
  await insertSession('a', '2026-04-01T08:00:00Z', { turns: ['Question A', 'Answer A'] })
  const full = await insertSession('full', '2026-04-01T10:00:00Z', {
    turns: ['Is the oak table solid?', 'Yes, solid oak.'],
    user: 'cust-1',
  })
  await db.query(
    `INSERT INTO llm_calls (bot_id, session_id, purpose, provider, model, input_tokens,
                            output_tokens, cost_usd, duration_ms, success, created_at)
     VALUES ($1, $2, 'embed', 'openai', 'text-embedding-3-small', 6, 0, 0.000001, 40, true,
             '2026-04-01T10:00:00Z'),
            ($1, $2, 'answer', 'openai', 'gpt-4o-mini', 120, 30, 0.000036, 900, true,
             '2026-04-01T10:00:01Z')`,
    [botId, full],
  )
})

/** Every conversation of the test bot, newest activity first, ties by id descending. */
function expectedOrder(names: string[]) {
  const tied = [ids.b ?? '', ids.c ?? ''].sort().reverse()
  return names.flatMap((n) => (n === 'b|c' ? tied : [ids[n] ?? '']))
}

describe('GET /v1/admin/conversations', () => {
  it('lists summaries, newest activity first', async () => {
    const page = await list('limit=100')
    expect(page.nextCursor).toBeNull()
    expect(page.conversations.map((c) => c.id)).toEqual(
      expectedOrder(['full', 'a', 'empty-new', 'b|c', 'empty-old']),
    )
    expect(page.conversations[0]).toEqual({
      id: ids.full,
      botId,
      botName: 'Conversations test',
      visitorId: 'visitor-full',
      userId: 'cust-1',
      userName: 'Ada',
      origin: 'https://shop.example',
      pageUrl: 'https://shop.example/full',
      firstQuestion: 'Is the oak table solid?',
      messageCount: 2,
      userTurns: 1,
      totalTokens: 156,
      costUsd: 0.000037,
      feedback: { up: 1, down: 0 },
      failedAnswers: 0,
      createdAt: '2026-04-01T10:00:00.000Z',
      lastActivityAt: '2026-04-01T10:00:00.000Z',
      archivedAt: null,
    })
  })

  it('pages with the cursor: every conversation once, in order, then a null cursor', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    const sizes: number[] = []
    do {
      const page: Page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      sizes.push(page.conversations.length)
      seen.push(...page.conversations.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(sizes).toEqual([2, 2, 2])
    expect(seen).toEqual(expectedOrder(['full', 'a', 'empty-new', 'b|c', 'empty-old']))
  })

  it('splits two conversations with the same activity instant across pages without a loss', async () => {
    const first = await list('limit=4')
    const second = await list(`limit=4&cursor=${first.nextCursor}`)
    expect([...first.conversations, ...second.conversations].map((c) => c.id)).toEqual(
      expectedOrder(['full', 'a', 'empty-new', 'b|c', 'empty-old']),
    )
    expect(second.nextCursor).toBeNull()
  })

  it('leaves out the sessions where nobody asked anything with hasMessages=true', async () => {
    const page = await list('hasMessages=true')
    expect(page.conversations.map((c) => c.id)).toEqual(expectedOrder(['full', 'a', 'b|c']))
    expect((await list('hasMessages=false')).conversations).toHaveLength(6)
  })

  it('pages through hasMessages=true too', async () => {
    const first = await list('hasMessages=true&limit=3')
    expect(first.conversations).toHaveLength(3)
    const second = await list(`hasMessages=true&limit=3&cursor=${first.nextCursor}`)
    expect(second.conversations.map((c) => c.id)).toEqual([expectedOrder(['b|c'])[1]])
    expect(second.nextCursor).toBeNull()
  })

  it('reads a bare date as "to" as the whole of that day', async () => {
    const page = await list('from=2026-03-31&to=2026-03-31')
    expect(page.conversations.map((c) => c.id)).toEqual(expectedOrder(['empty-new', 'b|c']))
  })

  it('finds conversations by the text of their messages', async () => {
    const page = await list('q=oak%20TABLE')
    expect(page.conversations.map((c) => c.id)).toEqual([ids.full])
  })

  it.each([
    ['an unknown parameter', 'color=red'],
    ['a limit of 0', 'limit=0'],
    ['a limit over 100', 'limit=101'],
    ['hasMessages that is not true or false', 'hasMessages=yes'],
    ['a botId that is no uuid', 'botId=pk_demo'],
  ])('answers %s with 400 bad_request:conversations', async (_, query) => {
    const res = await get(`/conversations?${query}`)
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('bad_request:conversations')
  })

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of no JSON', 'bm9wZQ'],
    ['a cursor of another shape', Buffer.from('{"a":1}').toString('base64url')],
    [
      'a cursor with an id that is no uuid',
      Buffer.from('["2026-04-01 10:00:00+00","x"]').toString('base64url'),
    ],
  ])('answers a cursor that is %s with 400 bad_request:conversations', async (_, cursor) => {
    const res = await get(`/conversations?cursor=${encodeURIComponent(cursor)}`)
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({
      code: 'bad_request:conversations',
      message: 'cursor: not a cursor from this API.',
    })
  })
})

describe('GET /v1/admin/conversations/:id', () => {
  it('shows one conversation in full', async () => {
    const res = await get(`/conversations/${ids.full}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown> & {
      session: Record<string, unknown>
      messages: { role: string; content: string; feedback: string | null }[]
      modelCalls: { purpose: string }[]
    }
    expect(body.session).toMatchObject({
      id: ids.full,
      userId: 'cust-1',
      currentPage: { url: 'https://shop.example/full' },
      satisfaction: null,
    })
    expect(body.totals).toEqual({
      modelCalls: 2,
      inputTokens: 126,
      outputTokens: 30,
      costUsd: 0.000037,
    })
    expect(body.messages.map((m) => [m.role, m.content, m.feedback])).toEqual([
      ['user', 'Is the oak table solid?', null],
      ['assistant', 'Yes, solid oak.', 'up'],
    ])
    expect(body.modelCalls.map((c) => c.purpose)).toEqual(['embed', 'answer'])
    expect(body.selections).toEqual([])
  })

  it('exports the same conversation as a named attachment', async () => {
    const shown = await (await get(`/conversations/${ids.full}`)).json()
    const res = await get(`/conversations/${ids.full}/export`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="parley-conversation-${ids.full}.json"`,
    )
    expect(await res.json()).toEqual({
      format: 'parley.conversation.v1',
      exportedAt: '2026-05-01T12:00:00.000Z',
      ...(shown as object),
    })
  })

  it.each([
    ['GET', ''],
    ['GET', '/export'],
    ['DELETE', ''],
  ])(
    'answers %s of a non-uuid and of an unknown id with 404 not_found:conversation',
    async (method, tail) => {
      for (const id of ['not-a-uuid', crypto.randomUUID()]) {
        const res = await edge.app.request(`/v1/admin/conversations/${id}${tail}`, {
          method,
          headers: { authorization: `Bearer ${OPERATOR_KEY}` },
        })
        expect(res.status, id).toBe(404)
        expect(await errorOf(res)).toEqual({
          code: 'not_found:conversation',
          message: 'No conversation has this id.',
        })
      }
    },
  )

  it('erases a conversation: 204, then 404', async () => {
    const id = await insertSession('doomed', '2026-03-01T00:00:00Z', { turns: ['Q', 'A'] })
    const res = await edge.app.request(`/v1/admin/conversations/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${OPERATOR_KEY}` },
    })
    expect(res.status).toBe(204)
    expect((await get(`/conversations/${id}`)).status).toBe(404)
    const [left] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_messages WHERE session_id = $1',
      [id],
    )
    expect(left?.n).toBe(0)
  })
})

describe('/v1/admin/sessions, the older name', () => {
  it.each([
    ['the list', (base: string) => `${base}?botId=${botId}&limit=3`],
    ['the list with hasMessages=true', (base: string) => `${base}?botId=${botId}&hasMessages=true`],
    ['one conversation', (base: string) => `${base}/${ids.full}`],
    ['the export', (base: string) => `${base}/${ids.full}/export`],
    ['an unknown id', (base: string) => `${base}/${UNKNOWN_ID}`],
    ['an unknown parameter', (base: string) => `${base}?color=red`],
  ])('answers %s with the same JSON as /conversations', async (_, path) => {
    const viaNew = await get(path('/conversations'))
    const viaOld = await get(path('/sessions'))
    expect(viaOld.status).toBe(viaNew.status)
    expect(await viaOld.json()).toEqual(await viaNew.json())
  })

  it('pages with a cursor the other name gave', async () => {
    const first = await list('limit=2')
    const res = await get(`/sessions?botId=${botId}&limit=2&cursor=${first.nextCursor}`)
    const second = (await res.json()) as Page
    expect(second.conversations.map((c) => c.id)).toEqual(
      expectedOrder(['full', 'a', 'empty-new', 'b|c', 'empty-old']).slice(2, 4),
    )
  })
})
