import { Hono } from 'hono'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { limitChat } from '../http/rate-limit'
import { validateJson } from '../http/validate'
import { type ChatTurn, chatTurnSchema } from '../schemas'
import { answerTurn } from '../services/chat'

export const chat = new Hono<AppEnv>().post(
  '/v1/chat',
  validateJson(chatTurnSchema, 'chat'),
  authorizeSession((c) => (c.get('body') as ChatTurn).sessionId),
  limitChat,
  (c) =>
    answerTurn(
      c.var.deps,
      { session: c.var.session, bot: c.var.bot, edgeUrl: new URL(c.req.url).origin },
      c.get('body') as ChatTurn,
    ),
)
