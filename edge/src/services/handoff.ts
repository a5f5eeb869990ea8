// A person in the loop: the shopper asks for one (the panel's control, or in words), the
// conversation waits for the team, an agent claims it and writes, and releases it back to the
// bot. While a person holds it the model is not asked: the shopper's messages are stored and
// show up in the inbox at once. Nobody there: a lead instead.
import type { UIMessageChunk } from 'ai'
import type { BotRow } from '../db/bots'
import {
  type Agent,
  type BotHandoffRow,
  claimHandoff,
  findOpenHandoff,
  findScopedSession,
  type HandoffReason,
  type HandoffRow,
  insertAgentMessage,
  readBotHandoff,
  readTypicalWaitMinutes,
  releaseHandoff,
  requestHandoff,
} from '../db/handoffs'
import { insertLead } from '../db/leads'
import { finishAnswer, type MessageRow } from '../db/messages'
import type { SessionRow } from '../db/sessions'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import type { LeadInput } from '../handoff-schemas'
import type { ChatTurn } from '../schemas'
import { type Availability, checkAvailability } from './availability'
import { chunkStreamResponse } from './ui-stream'
import { emitEvent } from './webhooks'

/**
 * "Can I talk to someone?", "I want a real person", "speak to an agent", "live chat with
 * support": asking for a person, not asking about one ("is the table made by a person?").
 */
const PERSON = `(some ?one|some ?body|a (real |live |human )?(person|human|agent|representative|rep)|an? (agent|operator|employee|human)|(a )?member of (your |the )?(staff|team)|(your |the )?(staff|team|support|sales|customer service)|a human being|human)`
const ASKS_FOR_PERSON = new RegExp(
  String.raw`\b((talk|speak|chat) (to|with) ${PERSON}\b|(connect|transfer|put) me (to|with|through to) ${PERSON}\b|(real|live|actual) (person|human|agent)\b|human (agent|support|help)\b|live (chat|agent|support)\b)`,
  'i',
)

export function asksForPerson(text: string): boolean {
  return ASKS_FOR_PERSON.test(text)
}

/** What the shopper's widget is told about the handoff. */
export interface HandoffState {
  status: 'waiting' | 'claimed' | 'released' | 'unavailable'
  agentName?: string | null
  /** Waiting: the recent median time to a first human reply, in minutes (null: no history). */
  typicalWaitMinutes?: number | null
  /** Nobody there: when the office hours next begin (null: none set). */
  nextOpenAt?: string | null
}

export function toHandoffState(h: HandoffRow): HandoffState {
  return { status: h.status, agentName: h.status === 'claimed' ? h.agent_name : null }
}

export function handoffEnabled(settings: BotHandoffRow | undefined): boolean {
  return settings?.handoff?.enabled !== false
}

export interface PersonContext {
  session: Pick<SessionRow, 'id'>
  bot: Pick<BotRow, 'id' | 'name' | 'public_key'>
  pageUrl: string | null
  edgeUrl: string | null
}

export type PersonRequest =
  | { kind: 'handoff'; handoff: HandoffRow; fresh: boolean; state: HandoffState }
  | { kind: 'unavailable'; availability: Availability; state: HandoffState }

/**
 * The shopper asks for a person. An open handoff is returned as it is; otherwise, if someone is
 * there, a new one waits for the team (and `handoff.requested` goes out); if nobody is, the
 * shopper is told when to expect a reply (the widget offers the lead form).
 */
export async function requestPerson(
  deps: Deps,
  ctx: PersonContext,
  reason: HandoffReason,
): Promise<PersonRequest> {
  const settings = await readBotHandoff(deps.db, ctx.bot.id)
  if (!handoffEnabled(settings))
    throw new AppError('forbidden:handoff', 'This shop has turned handoff to a person off.')
  const open = await findOpenHandoff(deps.db, ctx.session.id)
  if (open)
    return { kind: 'handoff', handoff: open, fresh: false, state: await stateOf(deps, open) }
  const availability = checkAvailability(
    settings?.handoff ?? {},
    settings?.agents_online_until ?? null,
    deps.now(),
  )
  if (!availability.available) {
    return {
      kind: 'unavailable',
      availability,
      state: { status: 'unavailable', nextOpenAt: availability.nextOpenAt?.toISOString() ?? null },
    }
  }
  const opened = await requestHandoff(deps.db, {
    sessionId: ctx.session.id,
    botId: ctx.bot.id,
    reason,
    pageUrl: ctx.pageUrl,
    edgeUrl: ctx.edgeUrl,
  })
  if (!opened) throw new AppError('not_found:session', 'This session does not exist.')
  if (opened.fresh) {
    await emitEvent(deps, {
      type: 'handoff.requested',
      subject: {
        bot: ctx.bot,
        sessionId: ctx.session.id,
        pageUrl: ctx.pageUrl,
        edgeUrl: ctx.edgeUrl,
      },
      data: {
        handoff: { id: opened.handoff.id, reason, requestedAt: iso(opened.handoff.requested_at) },
      },
    })
  }
  return { kind: 'handoff', ...opened, state: await stateOf(deps, opened.handoff) }
}

async function stateOf(deps: Deps, h: HandoffRow): Promise<HandoffState> {
  const state = toHandoffState(h)
  if (h.status === 'waiting')
    state.typicalWaitMinutes = await readTypicalWaitMinutes(deps.db, h.bot_id)
  return state
}

const iso = (d: Date | string) => new Date(d).toISOString()

/** The texts a turn answers with when a person is asked for (the widget words the state too). */
export const HANDOFF_TEXTS = {
  waiting:
    'I have asked a person from the team to join this conversation. You can keep writing here.',
  unavailable:
    'Nobody from the team is available right now. Leave your name, email and message, and they will get back to you.',
  disabled: 'I am sorry, this shop does not offer a person to talk to here.',
}

const handoffPart = (state: HandoffState): UIMessageChunk => ({ type: 'data-handoff', data: state })

/**
 * A turn stored while a person holds the conversation (the turn's admission stored the shopper's
 * words without an answer slot): the model is not asked; the widget keeps waiting for the team.
 */
export function heldTurnResponse(open: HandoffRow): Response {
  return chunkStreamResponse([
    { type: 'start' },
    handoffPart(toHandoffState(open)),
    { type: 'finish' },
  ])
}

/**
 * The shopper asked for a person in words ("can I talk to someone?"): the turn's answer slot is
 * answered by the handoff instead of the model. Undefined: the bot answers as usual (handoff is
 * switched off for this bot, or the words were not such a request).
 */
export async function answerWithPerson(
  deps: Deps,
  ctx: { session: SessionRow; bot: BotRow; edgeUrl?: string | undefined },
  answer: Pick<MessageRow, 'id' | 'run_id'>,
  turn: ChatTurn,
): Promise<Response | undefined> {
  if (!asksForPerson(turn.message.text)) return undefined
  const settings = await readBotHandoff(deps.db, ctx.bot.id)
  if (!handoffEnabled(settings)) return undefined
  const person: PersonContext = {
    session: ctx.session,
    bot: ctx.bot,
    pageUrl: turn.context?.url ?? null,
    edgeUrl: ctx.edgeUrl ?? null,
  }
  const result = await requestPerson(deps, person, 'asked')
  const text = result.kind === 'handoff' ? HANDOFF_TEXTS.waiting : HANDOFF_TEXTS.unavailable
  const parts = [handoffPart(result.state)]
  await finishAnswer(deps.db, {
    id: answer.id,
    runId: answer.run_id ?? '',
    sessionId: ctx.session.id,
    content: text,
    sources: [],
    parts,
    status: 'complete',
    model: 'handoff',
    inputTokens: null,
    outputTokens: null,
    latencyMs: 0,
    firstTokenMs: null,
    error: null,
  })
  return chunkStreamResponse([
    { type: 'start', messageId: answer.id },
    { type: 'text-start', id: 't0' },
    { type: 'text-delta', id: 't0', delta: text },
    { type: 'text-end', id: 't0' },
    ...parts,
    { type: 'finish' },
  ])
}

/** A lead from the form the widget shows when nobody is there; `lead.created` goes out. */
export async function createLead(deps: Deps, ctx: PersonContext, input: LeadInput) {
  const lead = await insertLead(deps.db, {
    botId: ctx.bot.id,
    sessionId: ctx.session.id,
    name: input.name,
    email: input.email,
    message: input.message,
    pageUrl: ctx.pageUrl,
  })
  const settings = await readBotHandoff(deps.db, ctx.bot.id)
  const availability = checkAvailability(
    settings?.handoff ?? {},
    settings?.agents_online_until ?? null,
    deps.now(),
  )
  await emitEvent(deps, {
    type: 'lead.created',
    subject: {
      bot: ctx.bot,
      sessionId: ctx.session.id,
      pageUrl: ctx.pageUrl,
      edgeUrl: ctx.edgeUrl,
    },
    data: {
      lead: {
        id: lead.id,
        name: lead.name,
        email: lead.email,
        message: lead.message,
        createdAt: iso(lead.created_at),
      },
    },
  })
  return {
    lead,
    /** When the team is next there (null: now, or no office hours set). */
    nextOpenAt: availability.available ? null : (availability.nextOpenAt?.toISOString() ?? null),
  }
}

const notFound = () => new AppError('not_found:conversation', 'No conversation has this id.')

async function scopedSession(deps: Deps, sessionId: string, organizationId: string | undefined) {
  const session = await findScopedSession(deps.db, sessionId, organizationId)
  if (!session) throw notFound()
  return session
}

function heldByOther(h: HandoffRow): AppError {
  return new AppError(
    'conflict:handoff',
    `${h.agent_name ?? 'Another agent'} already holds this conversation.`,
  )
}

export async function claimConversation(
  deps: Deps,
  sessionId: string,
  organizationId: string | undefined,
  agent: Agent,
): Promise<HandoffRow> {
  const session = await scopedSession(deps, sessionId, organizationId)
  const result = await claimHandoff(deps.db, { sessionId, botId: session.bot_id, agent })
  if (result.kind === 'held') throw heldByOther(result.handoff)
  return result.handoff
}

/**
 * An agent's message. The agent holds the conversation, or takes it now if it is waiting or
 * nobody holds it; another agent's conversation is a 409.
 */
export async function postAgentMessage(
  deps: Deps,
  sessionId: string,
  organizationId: string | undefined,
  agent: Agent,
  text: string,
  /** The name sent with this message; else the one the agent claimed with. */
  agentName?: string,
) {
  const session = await scopedSession(deps, sessionId, organizationId)
  let open = await findOpenHandoff(deps.db, sessionId)
  if (!open || open.status === 'waiting') {
    const result = await claimHandoff(deps.db, { sessionId, botId: session.bot_id, agent })
    if (result.kind === 'held') throw heldByOther(result.handoff)
    open = result.handoff
  } else if (open.claimed_by !== agent.key) {
    throw heldByOther(open)
  }
  const message = await insertAgentMessage(deps.db, {
    sessionId,
    handoffId: open.id,
    agentKey: agent.key,
    agentName: agentName ?? open.agent_name ?? agent.name,
    text,
  })
  if (!message) throw new AppError('conflict:handoff', 'The conversation was released meanwhile.')
  return { message, handoff: open }
}

export async function releaseConversation(
  deps: Deps,
  sessionId: string,
  organizationId: string | undefined,
): Promise<HandoffRow> {
  await scopedSession(deps, sessionId, organizationId)
  const released = await releaseHandoff(deps.db, sessionId)
  if (!released) throw new AppError('conflict:handoff', 'Nobody holds this conversation.')
  return released
}
