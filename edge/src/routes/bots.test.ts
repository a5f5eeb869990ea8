import { describe, expect, it } from 'vitest'
import { createTestEdge, DEMO_ORIGIN, useTestEdge } from '../../test/helpers'
import type { Db } from '../db/index'

const { db, edge } = useTestEdge()

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** An edge on the same database that counts the statements reading the bots table. */
function countingBotReads(inner: Db) {
  const reads: string[] = []
  const counted: Db = {
    ...inner,
    kind: inner.kind,
    query: (text, params) => {
      if (/FROM bots/.test(text)) reads.push(text)
      return inner.query(text, params)
    },
  }
  return { edge: createTestEdge(counted), reads }
}

describe('GET /v1/bots/:key', () => {
  it('shows a page the public face of the bot, cached for a minute', async () => {
    const res = await edge.app.request('/v1/bots/pk_demo', { headers: { origin: DEMO_ORIGIN } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    expect(res.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)
    expect(res.headers.get('vary')).toBe('Origin')
    expect(await res.json()).toEqual({
      key: 'pk_demo',
      name: 'Oak & Ember Assistant',
      lang: 'en',
      welcome: 'Hi! I can help with our furniture, delivery and returns. What are you looking for?',
      starterQuestions: [
        'What is your return policy?',
        'How long does delivery take?',
        'Which woods do you use?',
      ],
      disclosure: null,
      labels: null,
      contact: { label: 'Talk to a person', payload: 'Can I talk to a person?' },
      handoff: { enabled: true },
      theme: { color: '#7c4a1e' },
      teasers: [
        {
          id: 'product-pages',
          pathPattern: '/products/*',
          delaySeconds: 8,
          text: 'Questions about this product? Ask me',
          lang: 'en',
        },
      ],
      model: { id: 'offline-extractive', offline: true },
    })
  })

  it('never shows the secret, the prompt or the allowed origins', async () => {
    const text = await (await edge.app.request('/v1/bots/pk_demo')).text()
    expect(text).not.toContain('sk_demo')
    expect(text).not.toContain('shopping assistant of Oak')
    expect(text).not.toContain('localhost:*')
  })

  it('answers a request without an Origin (not a browser page) and shares nothing', async () => {
    const res = await edge.app.request('/v1/bots/pk_demo')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('varies on Origin even for a request without one, as a shared cache keeps it a minute', async () => {
    // Without Vary, a cache would serve this origin-less copy (no allow-origin) to the widget's
    // request from the shop's page, and the browser would refuse it for up to a minute.
    const res = await edge.app.request('/v1/bots/pk_demo')
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('answers 403 forbidden:origin to a site the bot does not allow, uncached', async () => {
    const res = await edge.app.request('/v1/bots/pk_demo', {
      headers: { origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden:origin')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers 404 not_found:bot for an unknown key', async () => {
    const res = await edge.app.request('/v1/bots/pk_nope')
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found:bot')
  })

  it('answers 404 for a disabled bot', async () => {
    await db.query(
      `INSERT INTO bots (organization_id, public_key, secret, name, status)
       SELECT organization_id, 'pk_bots_test_off', 'secret', 'Off', 'disabled' FROM bots
        WHERE public_key = 'pk_demo'`,
    )
    const res = await edge.app.request('/v1/bots/pk_bots_test_off')
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found:bot')
  })

  it('answers 400 bad_request:bot for a key over 100 characters', async () => {
    const res = await edge.app.request(`/v1/bots/pk_${'x'.repeat(98)}`)
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('bad_request:bot')
  })

  it.each(["pk_demo'--", 'pk_demo%20OR%201=1', 'pk.demo', '%E2%80%AEpk_demo'])(
    'answers 404 for %j without reading the bots table',
    async (key) => {
      const counting = countingBotReads(db)
      const res = await counting.edge.app.request(`/v1/bots/${key}`)
      expect(res.status).toBe(404)
      expect(await errorCode(res)).toBe('not_found:bot')
      expect(counting.reads).toEqual([])
    },
  )

  it('reads the bots table for a well-formed key (the counter above can see a read)', async () => {
    const counting = countingBotReads(db)
    expect((await counting.edge.app.request('/v1/bots/pk_demo')).status).toBe(200)
    expect(counting.reads).toHaveLength(1)
  })
})

describe('GET /v1/bots/:key?lang=…', () => {
  it('answers with the owner’s texts for the shopper’s language, falling back sensibly', async () => {
    await db.query(
      `UPDATE bots SET locales = $1::jsonb, disclosure = 'AI assistant: answers may be wrong.'
        WHERE public_key = 'pk_demo'`,
      [
        JSON.stringify({
          de: {
            welcomeMessage: 'Hallo! Wie kann ich helfen?',
            starterQuestions: ['Wie lange dauert die Lieferung?'],
            disclosure: 'KI-Assistent: Antworten können falsch sein.',
          },
          'pt-BR': { welcomeMessage: 'Olá!' },
        }),
      ],
    )
    try {
      const get = async (lang: string) =>
        (await (await edge.app.request(`/v1/bots/pk_demo?lang=${lang}`)).json()) as Record<
          string,
          unknown
        >
      expect(await get('de-AT')).toMatchObject({
        lang: 'de',
        welcome: 'Hallo! Wie kann ich helfen?',
        starterQuestions: ['Wie lange dauert die Lieferung?'],
        disclosure: 'KI-Assistent: Antworten können falsch sein.',
        labels: expect.objectContaining({ send: 'Senden', stop: 'Stopp' }),
      })
      // Only the welcome is translated: the starters stay in the default language, and no
      // translated disclosure means the widget's own default in that language (null).
      expect(await get('pt-br')).toMatchObject({
        lang: 'pt-BR',
        welcome: 'Olá!',
        starterQuestions: [
          'What is your return policy?',
          'How long does delivery take?',
          'Which woods do you use?',
        ],
        disclosure: null,
      })
      // The owner wrote nothing in French, but the widget's own labels are French.
      expect(await get('fr')).toMatchObject({
        lang: 'en',
        labels: expect.objectContaining({ send: 'Envoyer' }),
      })
      for (const lang of ['ja', '', 'x'.repeat(300), '../de', 'constructor']) {
        expect(await get(encodeURIComponent(lang))).toMatchObject({
          lang: 'en',
          disclosure: 'AI assistant: answers may be wrong.',
          labels: null,
        })
      }
    } finally {
      await db.query(
        `UPDATE bots SET locales = '{}', disclosure = NULL WHERE public_key = 'pk_demo'`,
      )
    }
  })
})
