import { describe, expect, it } from 'vitest'
import { readConfig } from './config'

function script(attrs: Record<string, string>, src = 'https://edge.example.com/widget.js') {
  const el = document.createElement('script')
  el.src = src
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
  return el
}

const page = 'https://shop.example.com/products/chair'

describe('readConfig', () => {
  it('uses the script origin as the API base when data-api is absent', () => {
    const result = readConfig(script({ 'data-bot': 'pk_demo' }), page)
    expect(result).toMatchObject({
      ok: true,
      config: {
        botKey: 'pk_demo',
        apiBase: 'https://edge.example.com',
        scriptSrc: 'https://edge.example.com/widget.js',
        position: 'right',
        theme: 'auto',
        open: false,
        selection: true,
      },
    })
  })

  it('reads every optional attribute', () => {
    const result = readConfig(
      script({
        'data-bot': 'pk_live_1',
        'data-api': 'https://api.example.com/',
        'data-position': 'left',
        'data-theme': 'dark',
        'data-color': '#7c4a1e',
        'data-lang': 'de',
        'data-open': '',
        'data-selection': 'off',
        'data-user-id': 'u_42',
        'data-user-hash': 'abc123',
      }),
      page,
    )
    expect(result).toEqual({
      ok: true,
      config: {
        botKey: 'pk_live_1',
        apiBase: 'https://api.example.com',
        scriptSrc: 'https://edge.example.com/widget.js',
        position: 'left',
        theme: 'dark',
        color: '#7c4a1e',
        lang: 'de',
        open: true,
        selection: false,
        userId: 'u_42',
        userHash: 'abc123',
      },
    })
  })

  it('falls back to safe values for unknown ones', () => {
    const result = readConfig(
      script({
        'data-bot': 'pk_demo',
        'data-position': 'top',
        'data-theme': 'neon',
        'data-open': 'false',
      }),
      page,
    )
    expect(result.ok && result.config).toMatchObject({
      position: 'right',
      theme: 'auto',
      open: false,
    })
  })

  it('follows the OS colour scheme when data-theme is absent, as shoppers expect', () => {
    const result = readConfig(script({ 'data-bot': 'pk_demo' }), page)
    expect(result.ok && result.config.theme).toBe('auto')
  })

  it('explains what to do when data-bot is missing', () => {
    const result = readConfig(script({}), page)
    expect(result).toEqual({ ok: false, message: expect.stringContaining('data-bot') })
  })

  it('resolves a relative data-api against the page', () => {
    const result = readConfig(script({ 'data-bot': 'pk_demo', 'data-api': '/chat-api' }), page)
    expect(result.ok && result.config.apiBase).toBe('https://shop.example.com/chat-api')
  })
})
