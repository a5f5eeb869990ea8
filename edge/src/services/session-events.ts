// What reaches a shopper's open widget while a person is in the loop: the team's messages and
// the handoff's state, by long-polling. The edge reads the conversation's rows every few hundred
// milliseconds and answers as soon as there is something new (or empty after a while), so it
// works the same from any instance or Worker isolate: no memory shared between requests.
import { findLatestHandoff, listAgentMessagesAfter, readTypicalWaitMinutes } from '../db/handoffs'
import type { Deps } from '../deps'
import { type HandoffState, toHandoffState } from './handoff'

export interface AgentMessage {
  id: string
  role: 'agent'
  content: string
  author: string | null
  createdAt: string
  sequence: number
}

export interface SessionEvents {
  messages: AgentMessage[]
  /** The conversation's handoff now; null when it never had one. */
  handoff: HandoffState | null
  /** Send it back as `after`: the last sequence seen. */
  after: number
}

export type KnownStatus = HandoffState['status'] | 'none'

/**
 * Answers with the agent messages after `after` and the handoff's state as soon as there are
 * new messages or the state differs from `known`; otherwise waits (polling) up to `waitMs`.
 */
export async function waitForSessionEvents(
  deps: Pick<Deps, 'db' | 'config'>,
  sessionId: string,
  options: { after: number; known: KnownStatus | undefined; waitMs: number; signal?: AbortSignal },
): Promise<SessionEvents> {
  const { pollMs } = deps.config.sessionEvents
  const deadline = Date.now() + options.waitMs
  for (;;) {
    const [rows, handoff] = await Promise.all([
      listAgentMessagesAfter(deps.db, sessionId, options.after),
      findLatestHandoff(deps.db, sessionId),
    ])
    const state = handoff ? toHandoffState(handoff) : null
    const changed = options.known !== undefined && (state?.status ?? 'none') !== options.known
    const last = rows.at(-1)
    if (
      rows.length > 0 ||
      changed ||
      options.known === undefined ||
      Date.now() >= deadline ||
      options.signal?.aborted
    ) {
      // The honest expectation again: the widget shows it whenever it reads the state.
      if (handoff && state?.status === 'waiting')
        state.typicalWaitMinutes = await readTypicalWaitMinutes(deps.db, handoff.bot_id)
      return {
        messages: rows.map((m) => ({
          id: m.id,
          role: 'agent',
          content: m.content,
          author: m.author_name,
          createdAt: new Date(m.created_at).toISOString(),
          sequence: m.sequence,
        })),
        handoff: state,
        after: last ? last.sequence : options.after,
      }
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), options.signal)
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
