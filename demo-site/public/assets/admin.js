// The demo shop's admin dashboard: reads the edge's admin API with the key kept in
// sessionStorage and draws tiles, uPlot charts and tables. DOM built with createElement only:
// nothing from the API is ever parsed as HTML. Loaded under the site's CSP (no inline code).
;(() => {
  const KEY = 'parley:admin-key'
  const edge = document.querySelector('meta[name="parley-edge"]')?.content || location.origin
  const $ = (id) => document.getElementById(id)
  const charts = []

  /** h('td', { class: 'num' }, 'text', childNode…) */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag)
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue
      if (name.startsWith('on')) el.addEventListener(name.slice(2), value)
      else el.setAttribute(name, value === true ? '' : String(value))
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue
      el.append(child instanceof Node ? child : String(child))
    }
    return el
  }

  const int = new Intl.NumberFormat('en')
  const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })
  const fmtInt = (n) => (n === null || n === undefined ? '—' : int.format(n))
  const fmtPct = (n) => (n === null || n === undefined ? '—' : pct.format(n))
  const fmtMs = (n) =>
    n === null || n === undefined ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n} ms`
  function fmtUsd(n) {
    if (n === null || n === undefined) return '—'
    if (n === 0) return '$0.00'
    if (n < 0.01) return `$${n.toFixed(6).replace(/0+$/, '')}`
    return `$${n.toFixed(n < 1 ? 4 : 2)}`
  }
  const fmtTime = (iso) =>
    new Date(iso).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    })
  const shortUrl = (url) => {
    try {
      const u = new URL(url)
      return u.pathname + u.search
    } catch {
      return url || '—'
    }
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message)
      this.status = status
      this.code = code
    }
  }

  async function api(path) {
    const key = sessionStorage.getItem(KEY)
    const res = await fetch(edge + path, { headers: { authorization: `Bearer ${key}` } })
    const body = await res.json().catch(() => ({}))
    if (!res.ok) {
      throw new ApiError(
        res.status,
        body.error?.code ?? `http_${res.status}`,
        body.error?.message ?? res.statusText,
      )
    }
    return body
  }

  function windowQuery() {
    const days = Number($('period').value)
    const to = new Date()
    const from = new Date(to.getTime() - days * 86_400_000)
    return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`
  }

  function show(view) {
    $('login').hidden = view !== 'login'
    $('dashboard').hidden = view !== 'dashboard'
    $('conversation').hidden = view !== 'conversation'
    document.querySelector('.controls').hidden = view === 'login'
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY)
    show('login')
    const error = $('login-error')
    error.hidden = !message
    error.textContent = message || ''
    $('admin-key').focus()
  }

  function handle(error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      signOut(error.message)
      return
    }
    $('status').textContent = `Could not load the dashboard: ${error.message}`
    $('status').className = 'status error'
  }

  // ── dashboard ────────────────────────────────────────────────────────────────
  function tile(label, value, detail, tone) {
    return h(
      'div',
      { class: `tile${tone ? ` ${tone}` : ''}` },
      h('span', { class: 'label' }, label),
      h('strong', { class: 'value' }, value),
      detail ? h('span', { class: 'detail' }, detail) : null,
    )
  }

  function renderTiles(o) {
    $('tiles').replaceChildren(
      tile('Conversations', fmtInt(o.sessions), `${fmtInt(o.uniqueVisitors)} unique visitors`),
      tile('Questions', fmtInt(o.questions), `${fmtInt(o.messages)} messages`),
      tile('Answer latency', fmtMs(o.latencyMs.p50), `p95 ${fmtMs(o.latencyMs.p95)}`),
      tile('First token', fmtMs(o.firstTokenMs.p50), `p95 ${fmtMs(o.firstTokenMs.p95)}`),
      tile('Cost', fmtUsd(o.costUsd), `${fmtInt(o.modelCalls)} model calls`),
      tile(
        'Tokens',
        fmtInt(o.tokens.total),
        `${fmtInt(o.tokens.input)} in · ${fmtInt(o.tokens.output)} out`,
      ),
      tile(
        'Helpful',
        fmtPct(o.feedback.ratio),
        `${fmtInt(o.feedback.up)} up · ${fmtInt(o.feedback.down)} down`,
        o.feedback.ratio !== null && o.feedback.ratio < 0.7 ? 'warn' : '',
      ),
      tile(
        'Fallback rate',
        fmtPct(o.fallbackRate),
        `${fmtInt(o.fallbacks)} answers without knowledge`,
        o.fallbackRate > 0.2 ? 'warn' : '',
      ),
      tile(
        'Error rate',
        fmtPct(o.errorRate),
        `${fmtInt(o.failedAnswers)} failed answers`,
        o.errorRate > 0.05 ? 'bad' : '',
      ),
    )
  }

  function table(columns, rows, empty) {
    if (rows.length === 0) return h('p', { class: 'empty' }, empty)
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            columns.map((c) => h('th', { class: c.num ? 'num' : null }, c.label)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((row) =>
            h(
              'tr',
              row.onclick ? { class: 'link', onclick: row.onclick } : {},
              columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.cell(row.data))),
            ),
          ),
        ),
      ),
    )
  }

  const openConversation = (id) => () => {
    location.hash = `#/conversations/${id}`
  }
  const conversationLink = (id, text) => h('a', { href: `#/conversations/${id}` }, text)

  function chart(container, days, series, { money } = {}) {
    const el = $(container)
    el.replaceChildren()
    if (!window.uPlot) {
      el.append(h('p', { class: 'empty' }, 'Charts unavailable (uPlot did not load).'))
      return
    }
    const x = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000)
    const plot = new window.uPlot(
      {
        width: Math.max(280, el.clientWidth || 480),
        height: 200,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          // An all-zero series would otherwise get an arbitrary 0–100 axis.
          y: {
            range: (_, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : money ? 0.01 : 1],
          },
        },
        axes: [
          { stroke: '#6b7280', grid: { stroke: '#eef0f3' } },
          {
            stroke: '#6b7280',
            grid: { stroke: '#eef0f3' },
            size: 56,
            values: (_, ticks) => ticks.map((v) => (money ? fmtUsd(v) : int.format(v))),
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            fill: `${s.color}1f`,
            points: { show: days.length < 40 },
            value: (_, v) => (v === null ? '—' : money ? fmtUsd(v) : int.format(v)),
          })),
        ],
      },
      [x, ...series.map((s) => days.map(s.value))],
      el,
    )
    charts.push({ plot, el })
  }

  async function loadDashboard() {
    show('dashboard')
    $('status').textContent = 'Loading…'
    $('status').className = 'status'
    const q = windowQuery()
    try {
      const [overview, series, calls, questions, unanswered, selections, conversations] =
        await Promise.all([
          api(`/v1/admin/metrics/overview?${q}`),
          api(`/v1/admin/metrics/series?${q}`),
          api(`/v1/admin/metrics/model-calls?${q}`),
          api(`/v1/admin/metrics/top-questions?${q}&limit=10`),
          api(`/v1/admin/metrics/unanswered?${q}&limit=10`),
          api(`/v1/admin/metrics/selections?${q}&limit=10`),
          api(`/v1/admin/conversations?${q}&hasMessages=true&limit=15`),
        ])
      $('status').textContent = `${fmtTime(overview.window.from)} – ${fmtTime(overview.window.to)}`
      renderTiles(overview)
      for (const c of charts.splice(0)) c.plot.destroy()
      const days = series.days
      chart('chart-traffic', days, [
        { label: 'Conversations', color: '#7c4a1e', value: (d) => d.sessions },
        { label: 'Questions', color: '#2563eb', value: (d) => d.questions },
      ])
      chart('chart-cost', days, [{ label: 'Cost', color: '#059669', value: (d) => d.costUsd }], {
        money: true,
      })
      chart('chart-latency', days, [
        { label: 'p50 latency', color: '#9333ea', value: (d) => d.latencyP50 },
      ])
      chart('chart-feedback', days, [
        { label: 'Helpful', color: '#16a34a', value: (d) => d.up },
        { label: 'Not helpful', color: '#dc2626', value: (d) => d.down },
        { label: 'Fallbacks', color: '#d97706', value: (d) => d.fallbacks },
      ])

      $('conversations').replaceChildren(
        table(
          [
            { label: 'Last activity', cell: (c) => fmtTime(c.lastActivityAt) },
            {
              label: 'First question',
              cell: (c) => conversationLink(c.id, c.firstQuestion || '(no question)'),
            },
            { label: 'Page', cell: (c) => shortUrl(c.pageUrl) },
            { label: 'Messages', num: true, cell: (c) => fmtInt(c.messageCount) },
            { label: 'Tokens', num: true, cell: (c) => fmtInt(c.totalTokens) },
            { label: 'Cost', num: true, cell: (c) => fmtUsd(c.costUsd) },
            {
              label: 'Feedback',
              cell: (c) =>
                [
                  c.feedback.up ? `${c.feedback.up} up` : '',
                  c.feedback.down ? `${c.feedback.down} down` : '',
                  c.failedAnswers ? `${c.failedAnswers} failed` : '',
                ]
                  .filter(Boolean)
                  .join('  ') || '—',
            },
          ],
          conversations.conversations.map((c) => ({ data: c, onclick: openConversation(c.id) })),
          'No conversations in this period yet.',
        ),
      )
      $('top-questions').replaceChildren(
        table(
          [
            { label: 'Question', cell: (r) => r.question },
            { label: 'Asked', num: true, cell: (r) => fmtInt(r.count) },
            { label: 'Sessions', num: true, cell: (r) => fmtInt(r.sessions) },
          ],
          questions.questions.map((r) => ({ data: r })),
          'No questions yet.',
        ),
      )
      const reasonLabel = { fallback: 'fallback', thumbs_down: 'thumbs down', failed: 'failed' }
      $('unanswered').replaceChildren(
        table(
          [
            { label: 'Question', cell: (r) => conversationLink(r.sessionId, r.question || '—') },
            {
              label: 'Why',
              cell: (r) => r.reasons.map((x) => h('span', { class: `pill ${x}` }, reasonLabel[x])),
            },
            { label: 'Comment', cell: (r) => r.comment || '' },
            { label: 'When', cell: (r) => fmtTime(r.createdAt) },
          ],
          items(unanswered.items),
          'Every answer found its knowledge.',
        ),
      )
      $('model-calls').replaceChildren(
        table(
          [
            { label: 'Model', cell: (r) => h('code', {}, r.model) },
            { label: 'Purpose', cell: (r) => r.purpose },
            { label: 'Calls', num: true, cell: (r) => fmtInt(r.calls) },
            { label: 'Failed', num: true, cell: (r) => fmtInt(r.failures) },
            {
              label: 'Tokens in / out',
              num: true,
              cell: (r) => `${fmtInt(r.inputTokens)} / ${fmtInt(r.outputTokens)}`,
            },
            { label: 'Avg time', num: true, cell: (r) => fmtMs(r.durationMs.avg) },
            { label: 'Cost', num: true, cell: (r) => fmtUsd(r.costUsd) },
          ],
          items(calls.groups),
          'No model calls yet.',
        ),
      )
      $('selections').replaceChildren(
        table(
          [
            { label: 'Passage', cell: (r) => h('q', {}, r.text) },
            { label: 'Page', cell: (r) => shortUrl(r.pageUrl) },
            { label: 'Times', num: true, cell: (r) => fmtInt(r.count) },
          ],
          items(selections.passages),
          'Nobody has asked about a selected passage yet.',
        ),
      )
    } catch (error) {
      handle(error)
    }
  }

  const items = (list) => list.map((data) => ({ data }))

  // ── one conversation ─────────────────────────────────────────────────────────
  function meta(pairs) {
    return h(
      'dl',
      { class: 'meta' },
      pairs
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
    )
  }

  function turn(m) {
    const isUser = m.role === 'user'
    const context = m.pageContext || {}
    return h(
      'article',
      { class: `turn ${m.role}` },
      h(
        'header',
        {},
        h('strong', {}, isUser ? 'Shopper' : 'Assistant'),
        h('time', { datetime: m.createdAt }, fmtTime(m.createdAt)),
        !isUser && m.status !== 'complete'
          ? h('span', { class: `pill ${m.status}` }, m.status)
          : null,
        m.feedback
          ? h(
              'span',
              { class: `pill ${m.feedback}` },
              m.feedback === 'up' ? 'helpful' : 'not helpful',
            )
          : null,
      ),
      h('p', { class: 'content' }, m.content || (isUser ? '' : '(no answer)')),
      m.selection ? h('blockquote', {}, `Asked about: “${m.selection.text}”`) : null,
      m.feedbackComment ? h('p', { class: 'comment' }, `Comment: ${m.feedbackComment}`) : null,
      !isUser && m.sources?.length
        ? h(
            'ul',
            { class: 'sources' },
            m.sources.map((s) =>
              h(
                'li',
                {},
                /^(https?:\/\/|\/(?!\/))/i.test(String(s.url))
                  ? h('a', { href: s.url, target: '_blank', rel: 'noopener' }, s.title || s.url)
                  : h('span', {}, s.title || String(s.url)),
              ),
            ),
          )
        : null,
      isUser
        ? meta([
            ['Page', context.url ? shortUrl(context.url) : null],
            ['Product', context.product?.name],
          ])
        : meta([
            ['Model', m.model],
            [
              'Tokens',
              m.inputTokens === null
                ? null
                : `${fmtInt(m.inputTokens)} in · ${fmtInt(m.outputTokens)} out`,
            ],
            ['Cost', m.costUsd === null ? null : fmtUsd(m.costUsd)],
            ['Latency', m.latencyMs === null ? null : fmtMs(m.latencyMs)],
            ['First token', m.firstTokenMs === null ? null : fmtMs(m.firstTokenMs)],
            ['Error', m.error],
          ]),
    )
  }

  async function loadConversation(id) {
    show('conversation')
    const root = $('conversation')
    root.replaceChildren(h('p', { class: 'status' }, 'Loading…'))
    try {
      const c = await api(`/v1/admin/conversations/${encodeURIComponent(id)}`)
      const s = c.session
      root.replaceChildren(
        h('p', {}, h('a', { href: '#/', class: 'back' }, '← All conversations')),
        h('h1', {}, 'Conversation'),
        h(
          'div',
          { class: 'tiles' },
          tile(
            'Messages',
            fmtInt(s.messageCount),
            s.userTurns === 1 ? '1 question' : `${fmtInt(s.userTurns)} questions`,
          ),
          tile('Cost', fmtUsd(c.totals.costUsd), `${fmtInt(c.totals.modelCalls)} model calls`),
          tile(
            'Tokens',
            fmtInt(c.totals.inputTokens + c.totals.outputTokens),
            `${fmtInt(c.totals.inputTokens)} in · ${fmtInt(c.totals.outputTokens)} out`,
          ),
          tile(
            'Satisfaction',
            s.satisfaction ? `${s.satisfaction} / 5` : '—',
            'rated by the shopper',
          ),
        ),
        h(
          'div',
          { class: 'conversation-grid' },
          h(
            'section',
            { class: 'card transcript', 'aria-label': 'Transcript' },
            h('h2', {}, 'Transcript'),
            c.messages.map(turn),
          ),
          h(
            'aside',
            {},
            h(
              'section',
              { class: 'card', 'aria-label': 'Session' },
              h('h2', {}, 'Session'),
              meta([
                ['Bot', s.botName],
                ['Started', fmtTime(s.createdAt)],
                ['Last activity', fmtTime(s.lastActivityAt)],
                ['Origin', s.origin],
                ['Current page', s.currentPage?.url ? shortUrl(s.currentPage.url) : null],
                ['Visitor', s.userId || s.visitorId],
                ['Browser', s.userAgent ? s.userAgent.slice(0, 80) : null],
                ['Id', h('code', {}, s.id)],
              ]),
            ),
            h(
              'section',
              { class: 'card', 'aria-label': 'Selections' },
              h('h2', {}, 'Selections'),
              c.selections.length
                ? h(
                    'ul',
                    { class: 'plain' },
                    c.selections.map((t) =>
                      h(
                        'li',
                        {},
                        h('q', {}, t.text),
                        h('span', { class: 'muted' }, ` on ${shortUrl(t.pageUrl)}`),
                      ),
                    ),
                  )
                : h('p', { class: 'empty' }, 'None.'),
            ),
          ),
        ),
        h(
          'section',
          { class: 'card', 'aria-label': 'Model calls' },
          h('h2', {}, 'Model calls'),
          table(
            [
              { label: 'When', cell: (r) => fmtTime(r.createdAt) },
              { label: 'Purpose', cell: (r) => r.purpose },
              { label: 'Model', cell: (r) => h('code', {}, r.model) },
              {
                label: 'Tokens in / out',
                num: true,
                cell: (r) => `${fmtInt(r.inputTokens)} / ${fmtInt(r.outputTokens)}`,
              },
              { label: 'Time', num: true, cell: (r) => fmtMs(r.durationMs) },
              { label: 'First token', num: true, cell: (r) => fmtMs(r.firstTokenMs) },
              { label: 'Cost', num: true, cell: (r) => fmtUsd(r.costUsd) },
              {
                label: 'Result',
                cell: (r) =>
                  r.success
                    ? 'ok'
                    : h('span', { class: 'pill failed', title: r.error || '' }, 'failed'),
              },
            ],
            items(c.modelCalls),
            'No model calls recorded.',
          ),
        ),
      )
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        root.replaceChildren(
          h('p', {}, h('a', { href: '#/' }, '← All conversations')),
          h('p', { class: 'empty' }, 'This conversation does not exist (or was erased).'),
        )
        return
      }
      handle(error)
    }
  }

  function route() {
    if (!sessionStorage.getItem(KEY)) return signOut()
    const match = /^#\/conversations\/([\w-]+)$/.exec(location.hash)
    if (match) return loadConversation(match[1])
    return loadDashboard()
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const key = $('admin-key').value.trim()
    if (!key) return
    sessionStorage.setItem(KEY, key)
    $('admin-key').value = ''
    route()
  })
  $('sign-out').addEventListener('click', () => signOut())
  $('refresh').addEventListener('click', () => route())
  $('period').addEventListener('change', () => {
    if (location.hash.startsWith('#/conversations/')) location.hash = '#/'
    else loadDashboard()
  })
  window.addEventListener('hashchange', route)
  let resizeTimer
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(() => {
      for (const c of charts)
        c.plot.setSize({ width: Math.max(280, c.el.clientWidth), height: 200 })
    }, 150)
  })
  route()
})()
