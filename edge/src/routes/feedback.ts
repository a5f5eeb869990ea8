// Shopper feedback: thumbs up/down with an optional comment on an answer, and an
// optional 1–5 satisfaction score for the whole session. Both can be changed.
import { Hono } from 'hono'
import { z } from 'zod'
import { setAnswerFeedback, setSessionSatisfaction } from '../db/feedback'
import { AppError } from '../errors'
import { authorizeSession, sessionIdParam } from '../http/auth'
import type { AppEnv } from '../http/env'
import { uuidParam, validateJson } from '../http/validate'

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
      const messageId = uuidParam(c, 'id', notAnAnswer)
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
    authorizeSession(sessionIdParam),
    async (c) => {
      const { score } = c.get('body') as z.infer<typeof satisfactionSchema>
      await setSessionSatisfaction(c.var.deps.db, c.var.session.id, score)
      return c.json({ sessionId: c.var.session.id, score })
    },
  )
