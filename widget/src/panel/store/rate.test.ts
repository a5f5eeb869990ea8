import { describe, expect, it } from 'vitest'
import type { HistoryMessage, Rating } from '../../shared/api-types'
import type { ChatApi } from '../../shared/panel-contract'
import { createChatStore } from './chat'

const answer: HistoryMessage = {
  id: 'a1',
  role: 'assistant',
  content: 'Thirty days.',
  status: 'complete',
  feedback: 'up',
}

function api(feedback: ChatApi['feedback']): ChatApi {
  return {
    getBot: async () => ({ key: 'pk_demo', name: 'Bot' }),
    history: async () => [{ id: 'u1', role: 'user', content: 'Returns?' }, answer],
    chat: async () => new Response(''),
    restart: () => {},
    erase: async () => undefined,
    feedback,
  }
}

describe('rating answers', () => {
  it('loads the stored rating with the history', async () => {
    const store = createChatStore(api(async () => undefined))
    await store.loadHistory()
    expect(store.messages.value[1]?.feedback).toBe('up')
  })

  it('shows a new rating at once and sends it with the comment', async () => {
    const sent: [string, Rating, string | undefined][] = []
    const store = createChatStore(
      api(async (id, rating, comment) => void sent.push([id, rating, comment])),
    )
    await store.loadHistory()
    const done = store.rate('a1', 'down', 'Too vague')
    expect(store.messages.value[1]?.feedback).toBe('down')
    expect(await done).toBe(true)
    expect(sent).toEqual([['a1', 'down', 'Too vague']])
  })

  it('puts the previous rating back when the server refuses', async () => {
    const store = createChatStore(
      api(async () => {
        throw new Error('offline')
      }),
    )
    await store.loadHistory()
    expect(await store.rate('a1', 'down')).toBe(false)
    expect(store.messages.value[1]?.feedback).toBe('up')
  })
})
