// Knowledge of a bot: ingest, delete a source, and see what a query would retrieve.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { findAdminBot } from '../../db/bots'
import { deleteDocument } from '../../db/documents'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson } from '../../http/validate'
import { documentInputSchema, ingestDocuments } from '../../services/ingest'
import { retrieveKnowledge } from '../../services/retrieve'
import { botNotFound } from './bots'

const ingestSchema = z.object({
  documents: z
    .array(
      documentInputSchema.refine((d) => d.sourceType !== 'correction', {
        message: 'corrections are made from a flagged answer: POST /v1/admin/corrections',
        path: ['sourceType'],
      }),
    )
    .min(1)
    .max(500),
})
const searchSchema = z.object({
  query: z.string().trim().min(1).max(1000),
  k: z.number().int().min(1).max(50).optional(),
})

/** The `:id` bot, if the caller's organization has it (an organization key sees only its own). */
async function findBot<E extends AppEnv>(c: Context<E>) {
  const id = uuidParam(c, 'id', botNotFound)
  const { deps, admin } = c.var as AppEnv['Variables']
  const bot = await findAdminBot(deps.db, id, scopedOrganization(admin))
  if (!bot) throw botNotFound()
  return bot
}

export const knowledge = new Hono<AppEnv>()
  .post(
    '/bots/:id/documents',
    // Ingestion bodies are larger than chat bodies.
    validateJson(ingestSchema, 'documents', 8 * 1024 * 1024),
    async (c) => {
      const bot = await findBot(c)
      const result = await ingestDocuments(c.var.deps, bot.id, c.var.body.documents)
      return c.json(result)
    },
  )
  .delete('/bots/:id/documents/:sourceId', async (c) => {
    const bot = await findBot(c)
    const deleted = await deleteDocument(c.var.deps.db, bot.id, c.req.param('sourceId'))
    if (!deleted)
      throw new AppError('not_found:document', 'This bot has no document with this source id.')
    return c.body(null, 204)
  })
  .post('/bots/:id/search', validateJson(searchSchema, 'search'), async (c) => {
    const bot = await findBot(c)
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
