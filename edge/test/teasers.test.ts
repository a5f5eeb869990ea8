// Proactive teasers, end to end on the edge: the owner sets the rules (PATCH), the widget gets
// the enabled ones in its language (GET /v1/bots/:key), counts shown / opened / asked without
// any session, and the dashboard reads the counts per rule.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { findChatBot } from '../src/db/bots'
import { createTestEdge, DEMO_ORIGIN, useTestEdge } from './helpers'

const ADMIN_KEY = 'teaser-admin-key'
const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'
const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  }),
)

function patchBot(body: unknown) {
  return edge.app.request(`/v1/admin/bots/${DEMO_BOT_ID}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify(body),
  })
}

function count(id: string, event: string, origin = DEMO_ORIGIN) {
  return edge.app.request(`/v1/bots/pk_demo/teasers/${id}/${event}`, {
    method: 'POST',
    headers: { origin },
  })
}

async function publicTeasers(lang?: string) {
  const res = await edge.app.request(`/v1/bots/pk_demo${lang ? `?lang=${lang}` : ''}`, {
    headers: { origin: DEMO_ORIGIN },
  })
  return ((await res.json()) as { teasers: unknown[] }).teasers
}

const tables = {
  id: 'tables',
  pathPattern: '/products/*-table.html',
  scrollPercent: 50,
  text: { en: 'Questions about this table? Ask me', de: 'Fragen zu diesem Tisch? Fragen Sie mich' },
  enabled: true,
}
const sale = {
  id: 'sale',
  pathPattern: '/sale/**',
  delaySeconds: 5,
  text: { en: 'Sale!' },
  enabled: false,
}

describe('teaser rules in the admin API', () => {
  it('seeds the demo bot with one teaser on its product pages', async () => {
    const res = await edge.app.request(`/v1/admin/bots/${DEMO_BOT_ID}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    const bot = (await res.json()) as { teasers: { id: string; pathPattern: string }[] }
    expect(bot.teasers).toMatchObject([{ id: 'product-pages', pathPattern: '/products/*' }])
  })

  it('sets them with PATCH and shows them with GET', async () => {
    const res = await patchBot({ teasers: [tables, sale] })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { teasers: unknown }).teasers).toEqual([tables, sale])
  })

  it.each([
    [
      { ...tables, pathPattern: '/products/(a+)+$' },
      'teasers.0.pathPattern: pathPattern is a page path',
    ],
    [{ ...tables, pathPattern: 'products/*' }, 'teasers.0.pathPattern: pathPattern is a page path'],
    [
      { ...tables, text: { en: 'x'.repeat(141) } },
      'teasers.0.text.en: a teaser text is at most 140',
    ],
    [{ ...tables, text: {} }, 'teasers.0.text: a teaser needs a text'],
    [{ ...tables, text: { english: 'Hi' } }, 'teasers.0.text.english: Invalid key'],
    [{ ...tables, id: 'a b' }, 'teasers.0.id: a teaser id is 1-40'],
    [{ ...tables, scrollPercent: 120 }, 'teasers.0.scrollPercent'],
    [{ ...tables, selector: '.x' }, 'Unrecognized key'],
  ])('refuses a bad rule with 400 and says what is wrong (%#)', async (rule, message) => {
    const res = await patchBot({ teasers: [rule] })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('bad_request:bot')
    expect(body.error.message).toContain(message)
  })

  it('refuses more than ten rules and two with one id', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...tables, id: `t${i}` }))
    const tooMany = await patchBot({ teasers: eleven })
    expect(tooMany.status).toBe(400)
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain(
      'at most 10 teasers',
    )
    const twice = await patchBot({ teasers: [tables, tables] })
    expect(((await twice.json()) as { error: { message: string } }).error.message).toContain(
      'teaser ids must be unique',
    )
  })
})

describe('teasers in the public bot config', () => {
  it('gives the enabled rules with the text in the shopper language', async () => {
    await patchBot({ teasers: [tables, sale] })
    expect(await publicTeasers('de-AT')).toEqual([
      {
        id: 'tables',
        pathPattern: '/products/*-table.html',
        scrollPercent: 50,
        text: 'Fragen zu diesem Tisch? Fragen Sie mich',
        lang: 'de',
        dismiss: 'Schließen',
      },
    ])
  })

  it('falls back to the bot language when the shopper language has no text', async () => {
    expect(await publicTeasers('fr')).toMatchObject([
      { id: 'tables', text: 'Questions about this table? Ask me', lang: 'en' },
    ])
  })

  it('leaves the chat pipeline copy of the bot current when only a teaser changes', async () => {
    // The chat turn compares its cached bot with a digest of the row (db/bots.ts botVersionSql):
    // teasers are not part of that view, so changing one does not send every turn back to the row.
    const before = await findChatBot(db, DEMO_BOT_ID)
    await patchBot({ teasers: [{ ...tables, text: { en: 'Changed' } }] })
    const after = await findChatBot(db, DEMO_BOT_ID)
    expect(after?.version).toBe(before?.version)
    expect(after?.bot).not.toHaveProperty('teasers')
    await patchBot({ welcomeMessage: 'Hello there' })
    expect((await findChatBot(db, DEMO_BOT_ID))?.version).not.toBe(before?.version)
    await patchBot({ teasers: [tables, sale] })
  })
})

describe('counting teasers', () => {
  it('counts shown, opened and asked per rule, and the dashboard reads them', async () => {
    await patchBot({ teasers: [tables, sale] })
    for (const event of ['shown', 'shown', 'shown', 'opened', 'opened', 'asked']) {
      const res = await count('tables', event)
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)
    }
    await count('sale', 'shown')
    const res = await edge.app.request(`/v1/admin/metrics/teasers?botId=${DEMO_BOT_ID}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { teasers: unknown[] }
    expect(body.teasers).toEqual([
      {
        botId: DEMO_BOT_ID,
        teaserId: 'tables',
        pathPattern: '/products/*-table.html',
        shown: 3,
        opened: 2,
        asked: 1,
      },
      {
        botId: DEMO_BOT_ID,
        teaserId: 'sale',
        pathPattern: '/sale/**',
        shown: 1,
        opened: 0,
        asked: 0,
      },
    ])
  })

  it('leaves no session and nothing about the visitor', async () => {
    const [sessions] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_sessions')
    expect(sessions?.n).toBe(0)
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'teaser_counts' ORDER BY 1`,
    )
    expect(columns.map((c) => c.column_name)).toEqual([
      'asked',
      'bot_id',
      'day',
      'opened',
      'shown',
      'teaser_id',
    ])
  })

  it('refuses a rule the bot does not have, an unknown event and a foreign site, counting none', async () => {
    const before = await db.query('SELECT * FROM teaser_counts ORDER BY teaser_id')
    const unknown = await count('nope', 'shown')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'not_found:teaser',
    )
    expect((await count('tables', 'clicked')).status).toBe(400)
    expect((await count('tables', 'shown', 'https://evil.example')).status).toBe(403)
    expect(await db.query('SELECT * FROM teaser_counts ORDER BY teaser_id')).toEqual(before)
  })

  it('counts at most the per-IP limit a minute from one address, and others still count', async () => {
    const limited = createTestEdge(db, {
      config: {
        ...edge.deps.config,
        trustedIpHeader: 'x-forwarded-for',
        rateLimits: { ...edge.deps.config.rateLimits, teaserEventsPerIp: 3 },
      },
    })
    const send = (ip: string) =>
      limited.app.request('/v1/bots/pk_demo/teasers/tables/shown', {
        method: 'POST',
        headers: { origin: DEMO_ORIGIN, 'x-forwarded-for': ip },
      })
    const shown = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT coalesce(sum(shown), 0)::int AS n FROM teaser_counts WHERE teaser_id = 'tables'",
        )
      )[0]?.n ?? 0
    const before = await shown()
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await send('203.0.113.77')).status)
    expect(statuses).toEqual([204, 204, 204, 429, 429])
    const refused = await send('203.0.113.77')
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'rate_limited:ip',
    )
    expect((await send('198.51.100.4')).status).toBe(204)
    expect(await shown()).toBe(before + 4)
  })

  it('keeps the metrics window to the caller organization and refuses a bad window', async () => {
    const res = await edge.app.request('/v1/admin/metrics/teasers?from=2026-02-01&to=2026-01-01', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(res.status).toBe(400)
  })
})
