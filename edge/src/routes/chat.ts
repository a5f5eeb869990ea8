import { Hono } from 'hono'
import { verifySessionBearer } from '../http/auth'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'
import { clientIp } from '../http/rate-limit'
import { validateJson } from '../http/validate'
import { type ChatTurn, chatTurnSchema } from '../schemas'
import { answerTurn } from '../services/chat'

/**
 * A chat turn: the token is checked here, everything else the turn needs from the database
 * (session, rate limits, the turn itself, its history) in one statement (services/chat.ts).
 */
export const chat = new Hono<AppEnv>().post(
  '/v1/chat',
  validateJson(chatTurnSchema, 'chat'),
  async (c) => {
    const turn = c.get('body') as ChatTurn
    const claims = await verifySessionBearer(c, () => turn.sessionId)
    return answerTurn(
      c.var.deps,
      {
        claims,
        ip: clientIp(c),
        edgeUrl: new URL(c.req.url).origin,
        allowOrigin: (bot) => allowBotOrigin(c, bot),
      },
      turn,
    )
  },
)
