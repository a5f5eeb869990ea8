// A bot's integrations with the shop's own systems: for now its order-status endpoint.
import type { Queryable } from './index'

export interface OrdersIntegration {
  url: string
  secret: string
  updated_at: Date | string
}

export function upsertOrdersIntegration(
  db: Queryable,
  botId: string,
  i: { url: string; secret: string },
) {
  return db.query<OrdersIntegration>(
    `INSERT INTO bot_integrations (bot_id, kind, url, secret) VALUES ($1, 'orders', $2, $3)
     ON CONFLICT (bot_id, kind) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret,
                                              updated_at = now()
     RETURNING url, secret, updated_at`,
    [botId, i.url, i.secret],
  )
}

export async function findOrdersIntegration(
  db: Queryable,
  botId: string,
): Promise<OrdersIntegration | undefined> {
  const rows = await db.query<OrdersIntegration>(
    `SELECT url, secret, updated_at FROM bot_integrations WHERE bot_id = $1 AND kind = 'orders'`,
    [botId],
  )
  return rows[0]
}

export async function deleteOrdersIntegration(db: Queryable, botId: string): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM bot_integrations WHERE bot_id = $1 AND kind = 'orders' RETURNING bot_id`,
    [botId],
  )
  return rows.length > 0
}
