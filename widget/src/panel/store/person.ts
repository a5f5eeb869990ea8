// A person in the loop, in the panel: asking for one, leaving a message when nobody is there,
// and following the team's messages (the edge long-polls its database) while a person is on
// the way or holds the conversation. Counts what arrives unseen for the launcher's badge.

import type { HandoffState } from '../../shared/api-types'
import type { ChatApi } from '../../shared/panel-contract'
import { effect, type Signal, signal } from '../signals'
import type { ChatError, ChatMessage, ChatStore } from './chat'

interface Events {
  messages?: ChatMessage[]
  handoff?: HandoffState | null
  after?: number
}

export interface Lead {
  name: string
  email: string
  message: string
  consent: true
}

export interface Person {
  /** The team's messages the shopper has not seen (panel closed or tab hidden). */
  unread: Signal<number>
  ask(): Promise<void> | undefined
  /** Rejects with the edge's { message } when it refuses the lead. */
  leave(lead: Lead): Promise<void>
  /** Follows the conversation's handoff, if it has one (after the history is read). */
  follow(): Promise<void>
  /** Unseen messages are seen now if the chat is open in a visible tab. */
  seen(): void
  stop(): void
}

const live = (s: HandoffState | null | undefined) =>
  s?.status === 'waiting' || s?.status === 'claimed'

export function createPerson(api: ChatApi, store: ChatStore, doc: Document): Person {
  const unread = signal(0)
  let following: AbortController | undefined

  async function follow() {
    if (following || !api.person) return
    const turn = new AbortController()
    following = turn
    let after = -1
    // '': the edge answers at once with where the conversation stands
    let known = ''
    while (!turn.signal.aborted) {
      try {
        const got = (await api.person(
          `/events?after=${after}&status=${known}`,
          undefined,
          turn.signal,
        )) as Events
        after = got.after ?? after
        // the edge's agent messages are chat messages already: { id, role: 'agent', content, author }
        const fresh = (got.messages ?? []).filter(
          (m) => !store.messages.value.some((x) => x.id === m.id),
        )
        const state = got.handoff ?? null
        if (fresh.length) {
          store.messages.value = [...store.messages.value, ...fresh]
          store.announcement.value = fresh[fresh.length - 1]?.content ?? ''
          if (!store.open.peek() || doc.hidden) unread.value += fresh.length
        }
        // a conversation handed back long ago stays quiet; one handed back now says so
        if (known || live(state)) store.handoff.value = state
        known = state?.status ?? 'none'
        if (!live(state)) break
      } catch {
        // offline for a moment, or stopped: wait, then ask again unless stopped
        await new Promise((r) => setTimeout(r, 5_000))
      }
    }
    if (following === turn) following = undefined
  }

  function stop() {
    following?.abort()
    following = undefined
  }

  // A turn or the control started a handoff: follow it. New conversation: stop following.
  effect(() => {
    const state = store.handoff.value
    if (live(state)) void follow()
    else if (!state) stop()
  })

  return {
    unread,
    ask() {
      // the edge's refusal ({ code, message }) shows like a turn's error
      return api.person?.('/handoff', {}).then(
        (got) => {
          store.handoff.value = (got as { handoff: HandoffState }).handoff
        },
        (cause: ChatError) => {
          store.error.value = cause
        },
      )
    },
    async leave(lead) {
      const got = (await api.person?.('/leads', lead)) as { nextOpenAt?: string | null }
      store.handoff.value = { status: 'sent', nextOpenAt: got?.nextOpenAt ?? null }
    },
    follow,
    seen() {
      if (store.open.peek() && !doc.hidden) unread.value = 0
    },
    stop,
  }
}
