// Conversations of the caller's organization: search and page through them, read one in full,
// export it, erase it. `/sessions` is the older name of the same routes (same shapes), kept for
// one release.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { conversationSearchSchema } from '../../admin-schemas'
import { scopedOrganization } from '../../auth/admin-scope'
import {
  findConversation,
  listConversationMessages,
  listConversationModelCalls,
  listConversationSelections,
  searchConversations,
  setConversationArchived,
} from '../../db/conversations'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateQuery } from '../../http/validate'
import { recordAudit } from '../../services/audit'
import { eraseSession } from '../../services/erase'
import { toConversation, toConversationSummary } from './conversation-json'
import { decodeCursor, encodeCursor, toInstant } from './cursor'

const cursorAt = ({ key, id }: { key: string; id: string }) => ({ activityKey: key, id })

const notFound = () => new AppError('not_found:conversation', 'No conversation has this id.')

async function loadConversation(c: Context<AppEnv>) {
  const id = uuidParam(c, 'id', notFound)
  const { db } = c.var.deps
  const session = await findConversation(db, id, scopedOrganization(c.var.admin))
  if (!session) throw notFound()
  const [messages, calls, selections] = await Promise.all([
    listConversationMessages(db, id),
    listConversationModelCalls(db, id),
    listConversationSelections(db, id),
  ])
  return toConversation({ session, messages, calls, selections })
}

function conversationRoutes(base: '/conversations' | '/sessions') {
  return new Hono<AppEnv>()
    .get(base, validateQuery(conversationSearchSchema, 'conversations'), async (c) => {
      const q = c.var.query
      const rows = await searchConversations(c.var.deps.db, {
        organizationId: scopedOrganization(c.var.admin),
        botId: q.botId,
        userId: q.userId,
        text: q.q,
        from: toInstant(q.from, false),
        to: toInstant(q.to, true),
        hasMessages: q.hasMessages,
        rating: q.rating,
        handoff: q.handoff,
        unanswered: q.unanswered,
        archived: q.archived,
        after: q.cursor ? cursorAt(decodeCursor(q.cursor, 'conversations')) : undefined,
        limit: q.limit + 1,
      })
      const page = rows.slice(0, q.limit)
      const last = page.at(-1)
      return c.json({
        conversations: page.map(toConversationSummary),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.activity_key, last.id) : null,
      })
    })
    .get(`${base}/:id`, async (c) => c.json(await loadConversation(c)))
    .get(`${base}/:id/export`, async (c) => {
      const conversation = await loadConversation(c)
      c.header(
        'content-disposition',
        `attachment; filename="parley-conversation-${conversation.session.id}.json"`,
      )
      return c.json({
        format: 'parley.conversation.v1',
        exportedAt: new Date(c.var.deps.now()).toISOString(),
        ...conversation,
      })
    })
    .delete(`${base}/:id`, async (c) => {
      const id = uuidParam(c, 'id', notFound)
      const found = await findConversation(c.var.deps.db, id, scopedOrganization(c.var.admin))
      if (!found) throw notFound()
      await eraseSession(c.var.deps, id)
      // The event names the conversation only: what it said is gone with it.
      await recordAudit(c, {
        action: 'conversation.erased',
        targetType: 'conversation',
        targetId: id,
        botId: found.bot_id,
      })
      return c.body(null, 204)
    })
}

function archiveRoute(archived: boolean) {
  return async (c: Context<AppEnv>) => {
    const id = uuidParam(c, 'id', notFound)
    const row = await setConversationArchived(
      c.var.deps.db,
      id,
      scopedOrganization(c.var.admin),
      archived,
    )
    if (!row) throw notFound()
    const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null)
    const archivedAt = iso(row.archived_at)
    if (Boolean(row.was_archived_at) !== archived) {
      await recordAudit(c, {
        action: archived ? 'conversation.archived' : 'conversation.unarchived',
        targetType: 'conversation',
        targetId: id,
        botId: row.bot_id,
        before: { archivedAt: iso(row.was_archived_at) },
        after: { archivedAt },
      })
    }
    return c.json({ id, archivedAt })
  }
}

export const conversations = new Hono<AppEnv>()
  .post('/conversations/:id/archive', archiveRoute(true))
  .post('/conversations/:id/unarchive', archiveRoute(false))
  .route('/', conversationRoutes('/conversations'))
  .route('/', conversationRoutes('/sessions'))
