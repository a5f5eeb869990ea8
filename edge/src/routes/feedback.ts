// Shopper feedback (seed 002): thumbs up/down with an optional comment on an answer, and an
// optional 1–5 satisfaction score for the whole session. Both can be changed.
import { Hono } from 'hono'
import { z } from 'zod'
import { setAnswerFeedback, setSessionSatisfaction } from '../db/feedback'
import { AppError } from '../errors'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { uuidSchema } from '../schemas'

const feedbackSchema = z.object({
  /** Optional: the token already names its session. */
  sessionId: z.string().uuid().optional(),
  rating: z.enum(['up', 'down']),
  comment: z.string().trim().max(1000).optional(),
})
type FeedbackBody = z.infer<typeof feedbackSchema>

const satisfactionSchema = z.object({ score: z.number().int().min(1).max(5) })

const notAnAnswer = () =>
  new AppError('not_found:message', 'This session has no finished answer with this id.')

export const feedback = new Hono<AppEnv>()
  .post(
    '/v1/messages/:id/feedback',
    validateJson(feedbackSchema, 'feedback'),
    authorizeSession((c) => (c.get('body') as FeedbackBody).sessionId),
    async (c) => {
      const messageId = c.req.param('id')
      if (!uuidSchema.safeParse(messageId).success) throw notAnAnswer()
      const { rating, comment } = c.get('body') as FeedbackBody
      const row = await setAnswerFeedback(c.var.deps.db, {
        messageId,
        sessionId: c.var.session.id,
        rating,
        comment: comment || null,
      })
      if (!row) throw notAnAnswer()
      return c.json({
        messageId: row.id,
        rating: row.feedback === 1 ? 'up' : 'down',
        comment: row.feedback_comment,
      })
    },
  )
  .post(
    '/v1/sessions/:id/satisfaction',
    validateJson(satisfactionSchema, 'satisfaction'),
    authorizeSession((c) => {
      const id = c.req.param('id')
      if (!uuidSchema.safeParse(id).success)
        throw new AppError('not_found:session', 'This session does not exist.')
      return id
    }),
    async (c) => {
      const { score } = c.get('body') as z.infer<typeof satisfactionSchema>
      await setSessionSatisfaction(c.var.deps.db, c.var.session.id, score)
      return c.json({ sessionId: c.var.session.id, score })
    },
  )
