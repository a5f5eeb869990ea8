// A page the shopper went to with the chat open: recorded for "compare the ones I viewed" and
// the owner's product-view counts. 202: recorded in the background.
import { Hono } from 'hono'
import { z } from 'zod'
import { authorizeSession, sessionIdParam } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { pageContextSchema } from '../schemas'
import { notePageView } from '../services/page-views'

const viewSchema = z.object({ context: pageContextSchema }).strict()

export const pageViews = new Hono<AppEnv>().post(
  '/v1/sessions/:id/views',
  validateJson(viewSchema, 'page_view'),
  authorizeSession(sessionIdParam),
  (c) => {
    const { context } = c.get('body') as z.infer<typeof viewSchema>
    notePageView(c.var.deps, c.var.session, context)
    return c.body(null, 202)
  },
)
