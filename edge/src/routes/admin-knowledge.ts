import { Hono } from 'hono'
import { z } from 'zod'
import { findAdminBot } from '../db/admin-bots'
import { deleteDocument } from '../db/documents'
import { AppError } from '../errors'
import { requireAdmin, scopedOrganization } from '../http/admin'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { uuidSchema } from '../schemas'
import { documentInputSchema, ingestDocuments } from '../services/ingest'
import { retrieveKnowledge } from '../services/retrieve'

const ingestSchema = z.object({ documents: z.array(documentInputSchema).min(1).max(500) })
const searchSchema = z.object({
  query: z.string().trim().min(1).max(1000),
  k: z.number().int().min(1).max(50).optional(),
})

async function findBot(c: { var: AppEnv['Variables'] }, id: string) {
  if (!uuidSchema.safeParse(id).success) throw new AppError('not_found:bot', 'No bot has this id.')
  // An organization key sees only its own organization's bots.
  const bot = await findAdminBot(c.var.deps.db, id, scopedOrganization(c.var.admin))
  if (!bot) throw new AppError('not_found:bot', 'No bot has this id.')
  return bot
}

/** Knowledge of a bot: ingest, delete a source, and see what a query would retrieve. */
export const adminKnowledge = new Hono<AppEnv>()
  .use('/v1/admin/*', requireAdmin)
  .post(
    '/v1/admin/bots/:id/documents',
    // Ingestion bodies are larger than chat bodies.
    validateJson(ingestSchema, 'documents', 8 * 1024 * 1024),
    async (c) => {
      const bot = await findBot(c, c.req.param('id'))
      const result = await ingestDocuments(c.var.deps, bot.id, c.var.body.documents)
      return c.json(result)
    },
  )
  .delete('/v1/admin/bots/:id/documents/:sourceId', async (c) => {
    const bot = await findBot(c, c.req.param('id'))
    const deleted = await deleteDocument(c.var.deps.db, bot.id, c.req.param('sourceId'))
    if (!deleted)
      throw new AppError('not_found:document', 'This bot has no document with this source id.')
    return c.body(null, 204)
  })
  .post('/v1/admin/bots/:id/search', validateJson(searchSchema, 'search'), async (c) => {
    const bot = await findBot(c, c.req.param('id'))
    const { query, k } = c.var.body
    const chunks = await retrieveKnowledge(
      c.var.deps,
      { ...bot, retrieval_k: k ?? bot.retrieval_k },
      query,
    )
    return c.json({
      query,
      embeddingModel: c.var.deps.embedder.model,
      results: chunks.map((ch) => ({
        sourceId: ch.sourceId,
        sourceType: ch.sourceType,
        url: ch.url,
        title: ch.title,
        score: ch.score,
        content: ch.content,
      })),
    })
  })
