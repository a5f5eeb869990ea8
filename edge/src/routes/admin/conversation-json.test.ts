import { describe, expect, it } from 'vitest'
import type {
  ConversationCallRow,
  ConversationDetailRow,
  ConversationMessageRow,
  ConversationSelectionRow,
} from '../../db/conversations'
import { toConversation, toConversationSummary, toSelection } from './conversation-json'

// Rows as db/conversations.ts returns them from Postgres (timestamps as Date, sums as numbers).
const session: ConversationDetailRow = {
  id: '5b8f7c1e-2d4a-4c6b-9e0f-1a2b3c4d5e6f',
  bot_id: '00000000-0000-4000-8000-000000000002',
  bot_name: 'Oak & Ember Assistant',
  visitor_id: 'v-81',
  user_id: 'cust-42',
  user_name: 'Ada',
  origin: 'https://shop.example',
  current_page: { url: 'https://shop.example/products/oak-table', title: 'Oak table' },
  message_count: 4,
  user_turns: 2,
  call_tokens: 420,
  call_cost: 0.0003,
  up: 1,
  down: 1,
  failed: 0,
  first_question: 'Is the top solid oak?',
  created_at: new Date('2026-03-01T10:00:00Z'),
  last_activity_at: new Date('2026-03-01T10:05:00.123Z'),
  activity_key: '2026-03-01 10:05:00.123+00',
  archived_at: null,
  user_agent: 'Mozilla/5.0',
  metadata: { source: 'widget' },
  satisfaction: 4,
  answer_cost: 0.0002,
}

function message(overrides: Partial<ConversationMessageRow>): ConversationMessageRow {
  return {
    id: crypto.randomUUID(),
    client_id: null,
    reply_to: null,
    role: 'assistant',
    content: '',
    status: 'complete',
    sequence: 1,
    sources: [],
    page_context: null,
    selection_id: null,
    model: null,
    input_tokens: null,
    output_tokens: null,
    cost: null,
    latency_ms: null,
    first_token_ms: null,
    error: null,
    feedback: null,
    feedback_comment: null,
    created_at: '2026-03-01T10:00:00Z',
    ...overrides,
  }
}

function call(overrides: Partial<ConversationCallRow>): ConversationCallRow {
  return {
    id: crypto.randomUUID(),
    message_id: null,
    purpose: 'answer',
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 0,
    output_tokens: 0,
    cost: 0,
    duration_ms: 100,
    first_token_ms: null,
    success: true,
    error: null,
    created_at: new Date('2026-03-01T10:00:01Z'),
    ...overrides,
  }
}

const selection: ConversationSelectionRow = {
  id: '9d0c2b3a-1e4f-4a5b-8c6d-7e8f9a0b1c2d',
  selected_text: 'Solid oak top, oiled',
  page_url: 'https://shop.example/products/oak-table',
  surrounding_text: 'Dimensions … Solid oak top, oiled … Care',
  metadata: { selector: '#specs' },
  created_at: new Date('2026-03-01T09:59:58Z'),
}

function conversationOf(parts: Partial<Parameters<typeof toConversation>[0]>) {
  return toConversation({ session, messages: [], calls: [], selections: [], ...parts })
}

describe('toConversationSummary', () => {
  it('maps a row to the list’s shape', () => {
    expect(toConversationSummary(session)).toEqual({
      id: session.id,
      botId: session.bot_id,
      botName: 'Oak & Ember Assistant',
      visitorId: 'v-81',
      userId: 'cust-42',
      userName: 'Ada',
      origin: 'https://shop.example',
      pageUrl: 'https://shop.example/products/oak-table',
      firstQuestion: 'Is the top solid oak?',
      messageCount: 4,
      userTurns: 2,
      totalTokens: 420,
      costUsd: 0.0003,
      feedback: { up: 1, down: 1 },
      failedAnswers: 0,
      createdAt: '2026-03-01T10:00:00.000Z',
      lastActivityAt: '2026-03-01T10:05:00.123Z',
      archivedAt: null,
    })
  })

  it('leaves the cursor’s activity key out', () => {
    expect(JSON.stringify(toConversationSummary(session))).not.toContain('2026-03-01 10:05')
  })

  it.each([
    ['no current page', null],
    ['a page without a url', { title: 'Home' }],
    ['a url that is not text', { url: 42 }],
  ])('has a null pageUrl for %s', (_, page) => {
    expect(toConversationSummary({ ...session, current_page: page }).pageUrl).toBeNull()
  })

  it('takes timestamps as Postgres text too', () => {
    const summary = toConversationSummary({
      ...session,
      created_at: '2026-03-01 10:00:00+00',
      last_activity_at: '2026-03-01T11:05:00+01:00',
    })
    expect(summary.createdAt).toBe('2026-03-01T10:00:00.000Z')
    expect(summary.lastActivityAt).toBe('2026-03-01T10:05:00.000Z')
  })
})

describe('toConversation', () => {
  it('adds what only the full view shows to the summary', () => {
    expect(conversationOf({}).session).toEqual({
      ...toConversationSummary(session),
      userAgent: 'Mozilla/5.0',
      currentPage: session.current_page,
      metadata: { source: 'widget' },
      satisfaction: 4,
      answerCostUsd: 0.0002,
    })
  })

  it.each([
    [1, 'up'],
    [-1, 'down'],
    [null, null],
  ] as const)('maps the stored rating %s to %s', (stored, rating) => {
    const [m] = conversationOf({ messages: [message({ feedback: stored })] }).messages
    expect(m?.feedback).toBe(rating)
  })

  it('maps a message in full, its page context kept as the shopper sent it', () => {
    const pageContext = {
      url: 'https://shop.example/products/oak-table',
      product: { name: 'Oak table', price: 1299, currency: 'EUR' },
    }
    const row = message({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      client_id: 'c-7',
      reply_to: 'a1b2c3d4-0000-4000-8000-000000000000',
      content: 'Yes, the top is solid oak.',
      sequence: 2,
      sources: [{ url: '/products/oak-table', title: 'Oak table' }],
      page_context: pageContext,
      model: 'gpt-4o-mini',
      input_tokens: 300,
      output_tokens: 40,
      cost: 0.00007,
      latency_ms: 1200,
      first_token_ms: 350,
      feedback: -1,
      feedback_comment: 'Too short',
      created_at: new Date('2026-03-01T10:00:02Z'),
    })
    expect(conversationOf({ messages: [row] }).messages).toEqual([
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        clientId: 'c-7',
        replyTo: 'a1b2c3d4-0000-4000-8000-000000000000',
        role: 'assistant',
        content: 'Yes, the top is solid oak.',
        status: 'complete',
        sequence: 2,
        sources: [{ url: '/products/oak-table', title: 'Oak table' }],
        pageContext,
        selection: null,
        model: 'gpt-4o-mini',
        inputTokens: 300,
        outputTokens: 40,
        costUsd: 0.00007,
        latencyMs: 1200,
        firstTokenMs: 350,
        error: null,
        feedback: 'down',
        feedbackComment: 'Too short',
        createdAt: '2026-03-01T10:00:02.000Z',
      },
    ])
  })

  it('keeps an answer’s tool chunks (product cards) as parts, and adds none to a plain answer', () => {
    const parts = [
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'searchProducts', input: {} },
      { type: 'tool-output-available', toolCallId: 'c1', output: { products: [] } },
    ]
    const [withCards, plain] = conversationOf({
      messages: [message({ parts }), message({ sequence: 2, parts: [] })],
    }).messages
    expect(withCards?.parts).toEqual(parts)
    expect(plain).not.toHaveProperty('parts')
  })

  it('joins a message to its selection by id, and lists the selections', () => {
    const quoted = message({ role: 'user', content: 'Is this oiled?', selection_id: selection.id })
    const plain = message({ role: 'user', content: 'And the legs?', sequence: 3 })
    const view = conversationOf({ messages: [quoted, plain], selections: [selection] })
    const expected = {
      id: selection.id,
      text: 'Solid oak top, oiled',
      pageUrl: 'https://shop.example/products/oak-table',
      surroundingText: 'Dimensions … Solid oak top, oiled … Care',
      metadata: { selector: '#specs' },
      createdAt: '2026-03-01T09:59:58.000Z',
    }
    expect(view.messages[0]?.selection).toEqual(expected)
    expect(view.messages[1]?.selection).toBeNull()
    expect(view.selections).toEqual([expected])
    expect(toSelection(selection)).toEqual(expected)
  })

  it('shows null for a selection id whose selection is gone', () => {
    const orphan = message({ role: 'user', selection_id: crypto.randomUUID() })
    const view = conversationOf({ messages: [orphan], selections: [selection] })
    expect(view.messages[0]?.selection).toBeNull()
  })

  it('totals the model calls, the cost summed in millionths of a dollar', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; ten calls of 0.000001 drift the same way.
    const calls = [
      call({ input_tokens: 100, output_tokens: 20, cost: 0.1 }),
      call({ input_tokens: 50, output_tokens: 5, cost: 0.2, purpose: 'rewrite' }),
      ...Array.from({ length: 10 }, () => call({ purpose: 'embed', input_tokens: 3, cost: 1e-6 })),
    ]
    expect(conversationOf({ calls }).totals).toEqual({
      modelCalls: 12,
      inputTokens: 180,
      outputTokens: 25,
      costUsd: 0.30001,
    })
  })

  it('totals nothing as zeros', () => {
    expect(conversationOf({}).totals).toEqual({
      modelCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    })
  })

  it('maps each model call', () => {
    const row = call({
      id: 'c0ffee00-0000-4000-8000-000000000001',
      message_id: 'a1b2c3d4-0000-4000-8000-000000000001',
      input_tokens: 300,
      output_tokens: 40,
      cost: 0.00007,
      duration_ms: 1200,
      first_token_ms: 350,
      success: false,
      error: 'rate limited',
    })
    expect(conversationOf({ calls: [row] }).modelCalls).toEqual([
      {
        id: 'c0ffee00-0000-4000-8000-000000000001',
        messageId: 'a1b2c3d4-0000-4000-8000-000000000001',
        purpose: 'answer',
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputTokens: 300,
        outputTokens: 40,
        costUsd: 0.00007,
        durationMs: 1200,
        firstTokenMs: 350,
        success: false,
        error: 'rate limited',
        createdAt: '2026-03-01T10:00:01.000Z',
      },
    ])
  })
})
