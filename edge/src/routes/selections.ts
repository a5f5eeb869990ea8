import { Hono } from 'hono'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { type CreateSelection, createSelectionSchema, storeSelection } from '../services/selections'

export const selections = new Hono<AppEnv>().post(
  '/v1/selections',
  validateJson(createSelectionSchema, 'selection'),
  authorizeSession((c) => (c.get('body') as CreateSelection).sessionId),
  async (c) => {
    const body = c.get('body') as CreateSelection
    const selectionId = await storeSelection(c.var.deps, c.var.session.id, body)
    return c.json({ selectionId }, 201)
  },
)
