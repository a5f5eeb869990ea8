// Knowledge of a bot: list its sources, ingest documents, files or a sitemap, delete a source,
// and see what a query would retrieve and why.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { isOriginAllowed } from '../../auth/origin'
import { findAdminBot } from '../../db/bots'
import {
  countDocumentSources,
  type DocumentSourceRow,
  deleteDocument,
  listDocumentSources,
} from '../../db/documents'
import { type ChunkExplanation, explainHybrid } from '../../db/knowledge'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson, validateQuery } from '../../http/validate'
import { recordAudit } from '../../services/audit'
import { documentInputSchema, ingestDocuments } from '../../services/ingest'
import { ownerFetch, refusedOwnerUrl } from '../../services/outbound'
import { preferCorrections } from '../../services/retrieve'
import { ingestFiles, ingestSitemap } from '../../services/sources'
import { botNotFound } from './bots'
import { decodeCursor, encodeCursor } from './cursor'

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
const sourceListSchema = z
  .object({
    sourceType: z.string().trim().min(1).max(50).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict()
const sitemapSchema = z.object({
  url: z
    .string()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'url must be an http(s) URL'),
  maxPages: z.number().int().min(1).max(200).default(50),
})

const FILES_MAX = 20
const FILE_MAX_BYTES = 5 * 1024 * 1024
const FILES_MAX_BYTES = 20 * 1024 * 1024
// The multipart framing around 20 MB of files: boundaries and part headers, generously.
const UPLOAD_MAX_BYTES = FILES_MAX_BYTES + 256 * 1024
const MB = 1024 * 1024

const toSource = (d: DocumentSourceRow) => ({
  sourceId: d.source_id,
  sourceType: d.source_type,
  title: d.title,
  url: d.url,
  chunks: d.chunks,
  updatedAt: new Date(d.updated_at).toISOString(),
})

const ORDINALS = ['th', 'st', 'nd', 'rd']
function ordinal(n: number): string {
  const tens = n % 100
  return `${n}${ORDINALS[tens >= 11 && tens <= 13 ? 0 : n % 10] ?? 'th'}`
}

/** "2nd by meaning (cosine 0.61), 1st by words (rank 0.08)" for the owner's console. */
export function describeRanks(w: ChunkExplanation): string {
  const meaning =
    w.vectorRank === null
      ? 'not among the nearest by meaning'
      : `${ordinal(w.vectorRank)} by meaning (cosine ${(w.vectorScore ?? 0).toFixed(2)})`
  const words =
    w.textRank === null
      ? 'no matching words'
      : `${ordinal(w.textRank)} by words (rank ${(w.textScore ?? 0).toFixed(2)})`
  return `${meaning}, ${words}`
}

const uploadTooLarge = () =>
  new AppError(
    'payload_too_large:files',
    `Upload at most ${FILES_MAX_BYTES / MB} MB in all (${FILE_MAX_BYTES / MB} MB a file).`,
  )

/** The `file` fields of a multipart body, checked against the limits before any is read. */
async function readUploadForm(c: Context<AppEnv>) {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? ''))
    throw new AppError('unsupported_media_type:files', 'Send the files as multipart/form-data.')
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await c.req.parseBody({ all: true })
  } catch (error) {
    throw new AppError('bad_request:files', 'The body is not a readable multipart form.', {
      cause: error,
    })
  }
  const files = [form.file ?? []].flat().filter((f): f is File => typeof f !== 'string')
  if (files.length === 0)
    throw new AppError('bad_request:files', 'Send one or more files in fields named "file".')
  if (files.length > FILES_MAX)
    throw new AppError('bad_request:files', `Send at most ${FILES_MAX} files at once.`)
  const big = files.find((f) => f.size > FILE_MAX_BYTES)
  if (big)
    throw new AppError(
      'payload_too_large:files',
      `${big.name} is larger than ${FILE_MAX_BYTES / MB} MB.`,
    )
  if (files.reduce((sum, f) => sum + f.size, 0) > FILES_MAX_BYTES) throw uploadTooLarge()
  const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined)
  const sourceType = field('sourceType')
  const parsedType = documentInputSchema.shape.sourceType.safeParse(sourceType)
  if (sourceType !== undefined && !parsedType.success)
    throw new AppError('bad_request:files', `sourceType: ${parsedType.error.issues[0]?.message}`)
  const baseUrl = field('baseUrl')
  if (baseUrl !== undefined && !(/^https?:\/\//i.test(baseUrl) && URL.canParse(baseUrl)))
    throw new AppError('bad_request:files', 'baseUrl: must be an http(s) URL.')
  return { files, sourceType: parsedType.data, baseUrl }
}

/** The `:id` bot, if the caller's organization has it (an organization key sees only its own). */
async function findBot<E extends AppEnv>(c: Context<E>) {
  const id = uuidParam(c, 'id', botNotFound)
  const { deps, admin } = c.var as AppEnv['Variables']
  const bot = await findAdminBot(deps.db, id, scopedOrganization(admin))
  if (!bot) throw botNotFound()
  return bot
}

export const knowledge = new Hono<AppEnv>()
  .get('/bots/:id/documents', validateQuery(sourceListSchema, 'documents'), async (c) => {
    const bot = await findBot(c)
    const q = c.var.query
    const filter = { botId: bot.id, sourceType: q.sourceType, text: q.q }
    const after = q.cursor ? decodeCursor(q.cursor, 'documents') : undefined
    const [rows, total] = await Promise.all([
      listDocumentSources(c.var.deps.db, {
        ...filter,
        embeddingModel: c.var.deps.embedder.model,
        after: after && { updateKey: after.key, id: after.id },
        limit: q.limit + 1,
      }),
      countDocumentSources(c.var.deps.db, filter),
    ])
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return c.json({
      sources: page.map(toSource),
      total,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.update_key, last.id) : null,
    })
  })
  .post(
    '/bots/:id/files',
    bodyLimit({
      maxSize: UPLOAD_MAX_BYTES,
      onError: () => {
        throw uploadTooLarge()
      },
    }),
    async (c) => {
      const bot = await findBot(c)
      const { files, sourceType, baseUrl } = await readUploadForm(c)
      const results = await ingestFiles(c.var.deps, bot.id, files, { sourceType, baseUrl })
      if (results.some((r) => !('error' in r))) {
        await recordAudit(c, {
          action: 'knowledge.files_uploaded',
          targetType: 'bot',
          targetId: bot.id,
          botId: bot.id,
          after: { files: results },
        })
      }
      if (results.every((r) => 'error' in r))
        return c.json(
          {
            error: { code: 'bad_request:files', message: 'No file could be ingested.' },
            files: results,
          },
          400,
        )
      return c.json({ files: results })
    },
  )
  .post('/bots/:id/sitemap', validateJson(sitemapSchema, 'sitemap'), async (c) => {
    const bot = await findBot(c)
    const { url, maxPages } = c.var.body
    // A bare `*` lets any page open the widget; it is not the owner naming their shop.
    const origins = bot.allowed_origins.filter((o) => o !== '*')
    if (!isOriginAllowed(url, origins))
      throw new AppError(
        'bad_request:sitemap',
        `${new URL(url).origin} is not one of this bot's allowed origins: add the shop's origin to allowed origins first.`,
      )
    const refused = refusedOwnerUrl(c.var.deps, url)
    if (refused) throw new AppError('bad_request:sitemap', `url: ${refused}.`)
    const result = await ingestSitemap(c.var.deps, bot.id, url, {
      fetch: ownerFetch(c.var.deps),
      maxPages,
    })
    await recordAudit(c, {
      action: 'knowledge.sitemap_ingested',
      targetType: 'bot',
      targetId: bot.id,
      botId: bot.id,
      after: {
        url,
        pages: result.pages,
        ingested: result.ingested,
        unchanged: result.unchanged,
        skipped: result.skipped.length,
      },
    })
    return c.json(result)
  })
  .post(
    '/bots/:id/documents',
    // Ingestion bodies are larger than chat bodies.
    validateJson(ingestSchema, 'documents', 8 * 1024 * 1024),
    async (c) => {
      const bot = await findBot(c)
      const { documents } = c.var.body
      const result = await ingestDocuments(c.var.deps, bot.id, documents)
      await recordAudit(c, {
        action: 'knowledge.ingested',
        targetType: 'bot',
        targetId: bot.id,
        botId: bot.id,
        after: { ...result, sourceIds: documents.slice(0, 50).map((d) => d.sourceId) },
      })
      return c.json(result)
    },
  )
  .delete('/bots/:id/documents/:sourceId', async (c) => {
    const bot = await findBot(c)
    const sourceId = c.req.param('sourceId')
    if (sourceId.startsWith('correction:')) {
      throw new AppError(
        'conflict:document',
        'This is a correction: withdraw it (DELETE /v1/admin/corrections/:id) instead.',
      )
    }
    const deleted = await deleteDocument(c.var.deps.db, bot.id, sourceId)
    if (!deleted)
      throw new AppError('not_found:document', 'This bot has no document with this source id.')
    await recordAudit(c, {
      action: 'knowledge.deleted',
      targetType: 'document',
      targetId: sourceId,
      botId: bot.id,
    })
    return c.body(null, 204)
  })
  .post('/bots/:id/search', validateJson(searchSchema, 'search'), async (c) => {
    const bot = await findBot(c)
    const { query, k } = c.var.body
    const { deps } = c.var
    // The chat's retrieval (services/retrieve.ts retrieveKnowledge) with each ranking kept.
    const [vector] = await deps.embedder.embed([query])
    const chunks = vector
      ? await explainHybrid(deps.db, {
          botId: bot.id,
          embeddingModel: deps.embedder.model,
          queryText: query,
          queryVector: vector,
          k: k ?? bot.retrieval_k,
          threshold: bot.score_threshold,
        }).then(preferCorrections)
      : []
    return c.json({
      query,
      embeddingModel: deps.embedder.model,
      results: chunks.map((ch) => ({
        sourceId: ch.sourceId,
        sourceType: ch.sourceType,
        url: ch.url,
        title: ch.title,
        score: ch.score,
        content: ch.content,
        why: {
          vectorRank: ch.vectorRank,
          vectorScore: ch.vectorScore,
          textRank: ch.textRank,
          textScore: ch.textScore,
          fused: ch.score,
          summary:
            ch.sourceType === 'correction'
              ? `${describeRanks(ch)}; a correction by the shop team, put first`
              : describeRanks(ch),
        },
      })),
    })
  })
