// Corrections (the admin feedback loop) and "ask a test question" to see their effect.
import { Hono } from 'hono'
import { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { findAdminBot } from '../../db/bots'
import {
  findCorrection,
  findFlaggableAnswer,
  insertCorrection,
  listCorrections,
  updateCorrection,
} from '../../db/corrections'
import { AppError, asAppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson, validateQuery } from '../../http/validate'
import { uuidSchema } from '../../schemas'
import { askBot } from '../../services/ask'
import { changedFields, recordAudit } from '../../services/audit'
import { publishCorrection, toCorrection, unpublishCorrection } from '../../services/corrections'
import { botNotFound } from './bots'

const type = z.enum(['accuracy', 'tone', 'completeness', 'relevance'])
const severity = z.enum(['low', 'medium', 'high'])
const question = z.string().trim().min(1).max(1000)
const correction = z.string().trim().min(1).max(5000)

const createSchema = z
  .object({
    messageId: uuidSchema,
    type,
    severity,
    correction,
    /** Defaults to the shopper's question the answer replied to. */
    question: question.optional(),
  })
  .strict()

const patchSchema = z
  .object({ question, correction, type, severity })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })

const listQuery = z
  .object({ botId: uuidSchema.optional(), status: z.enum(['active', 'withdrawn']).optional() })
  .strict()

const askSchema = z.object({ question }).strict()

const notFound = () => new AppError('not_found:correction', 'No correction has this id.')

const actorName = (admin: AppEnv['Variables']['admin']) =>
  admin.kind === 'organization' ? admin.keyName || 'unnamed key' : 'operator'

export const corrections = new Hono<AppEnv>()
  .get('/corrections', validateQuery(listQuery, 'correction'), async (c) => {
    const q = c.get('query') as z.infer<typeof listQuery>
    const rows = await listCorrections(c.var.deps.db, {
      organizationId: scopedOrganization(c.var.admin),
      botId: q.botId,
      status: q.status,
    })
    return c.json({ corrections: rows.map(toCorrection) })
  })
  .post('/corrections', validateJson(createSchema, 'correction'), async (c) => {
    const body = c.get('body') as z.infer<typeof createSchema>
    const answer = await findFlaggableAnswer(
      c.var.deps.db,
      body.messageId,
      scopedOrganization(c.var.admin),
    )
    if (!answer) throw new AppError('not_found:message', 'No answer has this id.')
    const asked = body.question ?? answer.question
    if (!asked) {
      throw new AppError(
        'bad_request:correction',
        'question: this answer has no question; send it.',
      )
    }
    const row = await insertCorrection(c.var.deps.db, {
      botId: answer.bot_id,
      sessionId: answer.session_id,
      messageId: answer.id,
      question: asked,
      originalAnswer: answer.content,
      type: body.type,
      severity: body.severity,
      correction: body.correction,
      createdBy: actorName(c.var.admin),
    })
    await publishCorrection(c.var.deps, row)
    const created = toCorrection(row)
    await recordAudit(c, {
      action: 'correction.created',
      targetType: 'correction',
      targetId: row.id,
      botId: row.bot_id,
      after: {
        question: created.question,
        correction: created.correction,
        type: created.type,
        severity: created.severity,
      },
    })
    return c.json(created, 201)
  })
  .patch('/corrections/:id', validateJson(patchSchema, 'correction'), async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const body = c.get('body') as z.infer<typeof patchSchema>
    const previous = await findCorrection(c.var.deps.db, id, scopedOrganization(c.var.admin))
    if (!previous) throw notFound()
    if (previous.status === 'withdrawn') {
      throw new AppError(
        'conflict:correction',
        'This correction was withdrawn; flag the answer again.',
      )
    }
    const row = await updateCorrection(c.var.deps.db, id, body)
    if (!row) throw notFound()
    await publishCorrection(c.var.deps, row)
    const pick = (r: typeof row) => ({
      question: r.question,
      correction: r.correction,
      type: r.type,
      severity: r.severity,
    })
    await recordAudit(c, {
      action: 'correction.updated',
      targetType: 'correction',
      targetId: id,
      botId: row.bot_id,
      ...changedFields(pick(previous), pick(row)),
    })
    return c.json(toCorrection(row))
  })
  .delete('/corrections/:id', async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const previous = await findCorrection(c.var.deps.db, id, scopedOrganization(c.var.admin))
    if (!previous) throw notFound()
    if (previous.status === 'active') {
      await unpublishCorrection(c.var.deps, previous)
      await updateCorrection(c.var.deps.db, id, { status: 'withdrawn' })
      await recordAudit(c, {
        action: 'correction.withdrawn',
        targetType: 'correction',
        targetId: id,
        botId: previous.bot_id,
        before: { status: 'active' },
        after: { status: 'withdrawn' },
      })
    }
    return c.body(null, 204)
  })
  .post('/bots/:id/ask', validateJson(askSchema, 'ask'), async (c) => {
    const body = c.get('body') as z.infer<typeof askSchema>
    const bot = await findAdminBot(
      c.var.deps.db,
      uuidParam(c, 'id', botNotFound),
      scopedOrganization(c.var.admin),
    )
    if (!bot) throw botNotFound()
    try {
      return c.json(await askBot(c.var.deps, bot, body.question))
    } catch (error) {
      // The database's own faults keep their 503; anything else is the model's.
      const known = asAppError(error)
      if (known.status !== 500) throw known
      throw new AppError('unavailable:model', 'The model did not answer in time; try again.', {
        cause: error,
      })
    }
  })
