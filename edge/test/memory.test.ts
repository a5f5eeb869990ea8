// Conversation memory and the rolling window, through whole chat turns on a real PGlite.
import { describe, expect, it } from 'vitest'
import {
  chatRequest,
  createSession,
  createTestEdge,
  scriptedModel,
  type TestEdge,
  useTestEdge,
} from './helpers'

const { db, edge } = useTestEdge()

async function identifiedSession(userId: string | null) {
  const session = await createSession(edge)
  if (userId)
    await db.query('UPDATE chat_sessions SET user_id = $2 WHERE id = $1', [
      session.sessionId,
      userId,
    ])
  return session
}

async function turn(e: TestEdge, session: { sessionId: string; token: string }, text: string) {
  await (await e.app.request('/v1/chat', chatRequest(session, text))).text()
  await e.settle()
}

/** Records each prompt it was given; its answer is what the memory then holds. */
function recordingModel() {
  const { model, prompts } = scriptedModel(() => 'Noted: the walnut desk ships in 3 weeks.')
  return { model, prompts: { at: (i: number) => JSON.stringify(prompts.at(i)) } }
}

describe('conversation memory', () => {
  it('remembers an identified user’s turns and recalls them in their next session only', async () => {
    const { model, prompts } = recordingModel()
    const e = createTestEdge(db, { model })
    e.deps.chatModel.offline = true // keep contextualization deterministic
    const first = await identifiedSession('user-ada')
    await turn(e, first, 'When would a walnut desk be delivered to Cork?')
    const stored = await db.query<{ user_id: string; content: string }>(
      'SELECT user_id, content FROM conversation_memories WHERE session_id = $1',
      [first.sessionId],
    )
    expect(stored).toHaveLength(1)
    expect(stored[0]?.content).toContain('walnut desk')

    const later = await identifiedSession('user-ada')
    await turn(e, later, 'walnut desk delivery to Cork again?')
    expect(prompts.at(-1)).toContain('<memory>\\nQ: When would a walnut desk be delivered to Cork?')

    const stranger = await identifiedSession('user-bob')
    await turn(e, stranger, 'walnut desk delivery to Cork again?')
    expect(prompts.at(-1)).not.toContain('Q: When would a walnut desk')

    const anonymous = await identifiedSession(null)
    await turn(e, anonymous, 'walnut desk delivery to Cork again?')
    expect(prompts.at(-1)).not.toContain('Q: When would a walnut desk')
    expect(
      await db.query('SELECT 1 FROM conversation_memories WHERE session_id = $1', [
        anonymous.sessionId,
      ]),
    ).toHaveLength(0)
  })

  it('forgets a user’s memories when their session is erased', async () => {
    const session = await identifiedSession('user-erase')
    await turn(edge, session, 'Do you deliver on Saturdays?')
    expect(
      await db.query("SELECT 1 FROM conversation_memories WHERE user_id = 'user-erase'"),
    ).toHaveLength(1)
    await edge.app.request(`/v1/sessions/${session.sessionId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(
      await db.query("SELECT 1 FROM conversation_memories WHERE user_id = 'user-erase'"),
    ).toHaveLength(0)
  })
})

describe('rolling context window', () => {
  it('keeps the newest turns verbatim and summarises what fell out of the window', async () => {
    await db.query("UPDATE bots SET history_window = 4 WHERE public_key = 'pk_demo'")
    try {
      const { model, prompts } = recordingModel()
      const e = createTestEdge(db, { model })
      e.deps.chatModel.offline = true
      const session = await createSession(e)
      for (const q of [
        'first: oak table?',
        'second: walnut shelf?',
        'third: delivery?',
        'fourth: returns?',
      ])
        await turn(e, session, q)
      const [row] = await db.query<{ summary: string }>(
        "SELECT metadata->>'summary' AS summary FROM chat_sessions WHERE id = $1",
        [session.sessionId],
      )
      expect(row?.summary).toContain('first: oak table?')
      await turn(e, session, 'fifth: warranty?')
      const last = prompts.at(-1) ?? ''
      expect(last).toContain('<summary>\\nEarlier the shopper asked: first: oak table?')
      // 4 messages of history verbatim: the third and fourth turns, not the first.
      expect(last).toContain('third: delivery?')
      expect(last).not.toMatch(/"text":"first: oak table\?"/)
      // The summary is rewritten only once two more turns have left the window.
      const summaryNow = async () =>
        (
          await db.query<{ summary: string }>(
            "SELECT metadata->>'summary' AS summary FROM chat_sessions WHERE id = $1",
            [session.sessionId],
          )
        )[0]?.summary
      expect(await summaryNow()).not.toContain('third: delivery?')
      await turn(e, session, 'sixth: assembly?')
      expect(await summaryNow()).toContain('third: delivery?')
    } finally {
      await db.query("UPDATE bots SET history_window = 12 WHERE public_key = 'pk_demo'")
    }
  })
})
