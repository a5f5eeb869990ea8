// Figures and charts of a period, for one bot or all.
import { signal } from '@preact/signals'
import { useState } from 'preact/hooks'
import type {
  DayPoint,
  HandoffFigures,
  ModelCallGroup,
  Overview as OverviewFigures,
  ProductViews,
  SelectedPassage,
  TeaserFigures,
  TopQuestion,
  UnansweredItem,
} from '../api/types'
import { formatInt, formatMs, formatPercent, formatTime, formatUsd, shortUrl } from '../format'
import { session } from '../store/session'
import { Chart, type Series } from '../ui/Chart'
import { BotPicker, LoadState, Pill, ScreenHeader, Table, useLoad } from '../ui/kit'

const PERIODS = [
  { days: 0, label: 'Today' },
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
]

/** The window of a period: `days` back from now, or since local midnight for 0 (today). */
export function periodWindow(days: number, now = Date.now()) {
  const from = days === 0 ? new Date(now).setHours(0, 0, 0, 0) : now - days * 86_400_000
  // The edge wants from < to; in the first second after midnight the window is one second.
  return {
    from: new Date(Math.min(from, now - 1000)).toISOString(),
    to: new Date(now).toISOString(),
  }
}

// The period and bot chosen, kept while the tab lives.
const period = signal({ days: 30, botId: '' })

interface Figures {
  overview: OverviewFigures
  days: DayPoint[]
  calls: ModelCallGroup[]
  questions: TopQuestion[]
  unanswered: UnansweredItem[]
  handoffs: HandoffFigures | null
  products: ProductViews | null
  passages: SelectedPassage[]
  teasers: TeaserFigures[]
}

function TodayStrip({ figures: t }: { figures: OverviewFigures }) {
  return (
    <p class="today">
      <strong>Today</strong>
      <span>
        {formatInt(t.sessions)} {t.sessions === 1 ? 'conversation' : 'conversations'}
      </span>
      <span>
        {formatInt(t.questions)} {t.questions === 1 ? 'question' : 'questions'}
      </span>
      <span>{formatPercent(t.feedback.ratio)} helpful</span>
      <span>{formatUsd(t.costUsd)}</span>
    </p>
  )
}

function Tile(props: { label: string; value: string; detail?: string; tone?: string }) {
  return (
    <div class={props.tone ? `tile ${props.tone}` : 'tile'}>
      <span class="label">{props.label}</span>
      <strong class="value">{props.value}</strong>
      {props.detail ? <span class="detail">{props.detail}</span> : null}
    </div>
  )
}

const TRAFFIC: Series[] = [
  { label: 'Conversations', color: '#6366f1', value: (d) => d.sessions },
  { label: 'Questions', color: '#0ea5e9', value: (d) => d.questions },
]
const COST: Series[] = [{ label: 'Cost', color: '#10b981', value: (d) => d.costUsd }]
const LATENCY: Series[] = [{ label: 'p50 latency', color: '#a855f7', value: (d) => d.latencyP50 }]
const FEEDBACK: Series[] = [
  { label: 'Helpful', color: '#22c55e', value: (d) => d.up },
  { label: 'Not helpful', color: '#ef4444', value: (d) => d.down },
  { label: 'Fallbacks', color: '#f59e0b', value: (d) => d.fallbacks },
]

const REASONS = { fallback: 'fallback', thumbs_down: 'thumbs down', failed: 'failed' } as const

export function Overview() {
  const days = period.value.days
  const botId = period.value.botId
  const setDays = (d: number) => {
    period.value = { ...period.value, days: d }
  }
  const setBotId = (id: string) => {
    period.value = { ...period.value, botId: id }
  }
  const [tick, setTick] = useState(0)
  const { api } = session
  // Today's figures first, on their own: a day's rows answer in milliseconds where the period's
  // charts take longer, so the overview shows something before they arrive.
  const today = useLoad<OverviewFigures | null>(
    () =>
      days === 0
        ? Promise.resolve(null)
        : api.get<OverviewFigures>('/metrics/overview', { ...periodWindow(0), botId }),
    [days, botId, tick],
  )
  const state = useLoad<Figures>(async () => {
    const q = { ...periodWindow(days), botId }
    const optional = <T,>(p: Promise<T>) => p.catch(() => null)
    const [overview, series, calls, questions, unanswered, handoffs, products, passages, teasers] =
      await Promise.all([
        api.get<OverviewFigures>('/metrics/overview', q),
        api.get<{ days: DayPoint[] }>('/metrics/series', q),
        api.get<{ groups: ModelCallGroup[] }>('/metrics/model-calls', q),
        api.get<{ questions: TopQuestion[] }>('/metrics/top-questions', { ...q, limit: 10 }),
        api.get<{ items: UnansweredItem[] }>('/metrics/unanswered', { ...q, limit: 10 }),
        optional(api.get<HandoffFigures>('/metrics/handoffs', q)),
        optional(api.get<ProductViews>('/metrics/product-views', { ...q, limit: 5 })),
        optional(
          api.get<{ passages: SelectedPassage[] }>('/metrics/selections', { ...q, limit: 10 }),
        ),
        optional(api.get<{ teasers: TeaserFigures[] }>('/metrics/teasers', q)),
      ])
    return {
      overview,
      days: series.days,
      calls: calls.groups,
      questions: questions.questions,
      unanswered: unanswered.items,
      handoffs,
      products,
      passages: passages?.passages ?? [],
      teasers: teasers?.teasers ?? [],
    }
  }, [days, botId, tick])

  return (
    <>
      <ScreenHeader title="Overview">
        <label class="field inline">
          <span>Period</span>
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {PERIODS.map((p) => (
              <option key={p.days} value={p.days}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <BotPicker value={botId} onChange={setBotId} />
        <button type="button" class="secondary" onClick={() => setTick(tick + 1)}>
          Refresh
        </button>
      </ScreenHeader>
      {today.data ? <TodayStrip figures={today.data} /> : null}
      <LoadState state={state}>
        {() => {
          const f = state.data as Figures
          const o = f.overview
          return (
            <>
              <p class="muted" role="status">
                {formatTime(o.window.from)} – {formatTime(o.window.to)}
                {state.loading ? ' · refreshing…' : ''}
              </p>
              <section class="tiles" aria-label="Figures">
                <Tile
                  label="Conversations"
                  value={formatInt(o.sessions)}
                  detail={`${formatInt(o.uniqueVisitors)} unique visitors`}
                />
                <Tile
                  label="Questions"
                  value={formatInt(o.questions)}
                  detail={`${formatInt(o.messages)} messages`}
                />
                <Tile
                  label="Answer latency"
                  value={formatMs(o.latencyMs.p50)}
                  detail={`p95 ${formatMs(o.latencyMs.p95)}`}
                />
                <Tile
                  label="First token"
                  value={formatMs(o.firstTokenMs.p50)}
                  detail={`p95 ${formatMs(o.firstTokenMs.p95)}`}
                />
                <Tile
                  label="Cost"
                  value={formatUsd(o.costUsd)}
                  detail={`${formatInt(o.modelCalls)} model calls`}
                />
                <Tile
                  label="Tokens"
                  value={formatInt(o.tokens.total)}
                  detail={`${formatInt(o.tokens.input)} in · ${formatInt(o.tokens.output)} out`}
                />
                <Tile
                  label="Helpful"
                  value={formatPercent(o.feedback.ratio)}
                  detail={`${formatInt(o.feedback.up)} up · ${formatInt(o.feedback.down)} down`}
                  tone={o.feedback.ratio !== null && o.feedback.ratio < 0.7 ? 'warn' : undefined}
                />
                <Tile
                  label="Fallback rate"
                  value={formatPercent(o.fallbackRate)}
                  detail={`${formatInt(o.fallbacks)} answers without knowledge`}
                  tone={(o.fallbackRate ?? 0) > 0.2 ? 'warn' : undefined}
                />
                <Tile
                  label="Error rate"
                  value={formatPercent(o.errorRate)}
                  detail={`${formatInt(o.failedAnswers)} failed answers`}
                  tone={(o.errorRate ?? 0) > 0.05 ? 'bad' : undefined}
                />
                {f.handoffs ? (
                  <Tile
                    label="Handoffs"
                    value={formatInt(f.handoffs.handoffs)}
                    detail={`${formatPercent(f.handoffs.handoffRate)} of conversations · first reply p50 ${formatMs(f.handoffs.firstHumanReplyMs.p50)}`}
                  />
                ) : null}
                {f.handoffs ? (
                  <Tile
                    label="Leads"
                    value={formatInt(f.handoffs.leads)}
                    detail="left when nobody was there"
                  />
                ) : null}
                {f.products ? (
                  <Tile
                    label="Product views"
                    value={formatInt(f.products.productViews)}
                    detail={`${formatInt(f.products.productPages)} product pages`}
                  />
                ) : null}
              </section>
              <div class="charts">
                <Chart title="Conversations and questions per day" days={f.days} series={TRAFFIC} />
                <Chart title="Cost per day (USD)" days={f.days} series={COST} money />
                <Chart title="Answer latency p50 per day (ms)" days={f.days} series={LATENCY} />
                <Chart title="Feedback per day" days={f.days} series={FEEDBACK} />
              </div>
              <div class="grid-2">
                <section class="card" aria-labelledby="top-q">
                  <h2 id="top-q">Top questions</h2>
                  <Table
                    columns={[
                      { label: 'Question', cell: (r) => r.question },
                      { label: 'Asked', num: true, cell: (r) => formatInt(r.count) },
                      { label: 'Conversations', num: true, cell: (r) => formatInt(r.sessions) },
                    ]}
                    rows={f.questions}
                    rowKey={(r) => r.question}
                    empty="No questions yet."
                  />
                </section>
                <section class="card" aria-labelledby="unanswered">
                  <h2 id="unanswered">Unanswered and unhelpful</h2>
                  <Table
                    columns={[
                      {
                        label: 'Question',
                        cell: (r) => (
                          <a href={`#/conversations/${r.sessionId}`}>{r.question || '—'}</a>
                        ),
                      },
                      {
                        label: 'Why',
                        cell: (r) =>
                          r.reasons.map((x) => (
                            <Pill key={x} tone={x}>
                              {REASONS[x]}
                            </Pill>
                          )),
                      },
                      { label: 'When', cell: (r) => formatTime(r.createdAt) },
                    ]}
                    rows={f.unanswered}
                    rowKey={(r) => r.messageId}
                    empty="Every answer found its knowledge."
                  />
                </section>
              </div>
              <section class="card" aria-labelledby="calls">
                <h2 id="calls">Model calls by model and purpose</h2>
                <Table
                  columns={[
                    { label: 'Model', cell: (r) => <code>{r.model}</code> },
                    { label: 'Purpose', cell: (r) => r.purpose },
                    { label: 'Calls', num: true, cell: (r) => formatInt(r.calls) },
                    { label: 'Failed', num: true, cell: (r) => formatInt(r.failures) },
                    {
                      label: 'Tokens in / out',
                      num: true,
                      cell: (r) => `${formatInt(r.inputTokens)} / ${formatInt(r.outputTokens)}`,
                    },
                    { label: 'Avg time', num: true, cell: (r) => formatMs(r.durationMs.avg) },
                    { label: 'Cost', num: true, cell: (r) => formatUsd(r.costUsd) },
                  ]}
                  rows={f.calls}
                  rowKey={(r) => `${r.model}/${r.purpose}/${r.provider}`}
                  empty="No model calls yet."
                />
              </section>
              <div class="grid-2">
                <section class="card" aria-labelledby="passages">
                  <h2 id="passages">Most-selected passages</h2>
                  <Table
                    columns={[
                      { label: 'Passage', cell: (r) => <q>{r.text}</q> },
                      { label: 'Page', cell: (r) => shortUrl(r.pageUrl) },
                      { label: 'Times', num: true, cell: (r) => formatInt(r.count) },
                    ]}
                    rows={f.passages}
                    rowKey={(r) => r.pageUrl + r.text}
                    empty="Nobody has asked about a selected passage yet."
                  />
                </section>
                <section class="card" aria-labelledby="no-product">
                  <h2 id="no-product">Viewed pages without product data</h2>
                  <Table
                    columns={[
                      { label: 'Page', cell: (r) => shortUrl(r.url) },
                      { label: 'Views', num: true, cell: (r) => formatInt(r.views) },
                    ]}
                    rows={f.products?.pagesWithoutProduct ?? []}
                    rowKey={(r) => r.url}
                    empty="Every viewed page carries product data."
                  />
                </section>
              </div>
              <section class="card" aria-labelledby="teasers">
                <h2 id="teasers">Teasers</h2>
                <Table
                  columns={[
                    { label: 'Teaser', cell: (r) => r.teaserId },
                    { label: 'Pages', cell: (r) => r.pathPattern ?? '(removed)' },
                    { label: 'Shown', num: true, cell: (r) => formatInt(r.shown) },
                    { label: 'Opened', num: true, cell: (r) => formatInt(r.opened) },
                    { label: 'Led to a question', num: true, cell: (r) => formatInt(r.asked) },
                  ]}
                  rows={f.teasers}
                  rowKey={(r) => `${r.botId}:${r.teaserId}`}
                  empty="No teaser was shown in this period."
                />
              </section>
            </>
          )
        }}
      </LoadState>
    </>
  )
}
