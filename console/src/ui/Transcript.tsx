// One conversation as the shopper saw it: answers rendered from Markdown, cited sources, the
// quoted selection, product cards and other tool results summarized, and each answer's cost.
import { useState } from 'preact/hooks'
import type { Conversation, Message, StoredPart } from '../api/types'
import { formatInt, formatMs, formatTime, formatUsd, shortUrl } from '../format'
import { renderMarkdown, safeHref } from '../markdown/markdown'
import { session } from '../store/session'
import { FlagForm } from './FlagForm'
import { Pill, Table } from './kit'

const WHO: Record<Message['role'], string> = {
  user: 'Shopper',
  assistant: 'Assistant',
  agent: 'Agent',
  system: 'System',
}

interface ToolSummary {
  id: string
  name: string
  input: unknown
  output: unknown
}

/** Tool calls of an answer from its stored stream chunks, input and output joined by call id. */
export function summarizeTools(parts: StoredPart[] | undefined): ToolSummary[] {
  const calls = new Map<string, ToolSummary>()
  for (const part of parts ?? []) {
    const id = part.toolCallId
    if (!id) continue
    const call = calls.get(id) ?? {
      id,
      name: part.toolName ?? '',
      input: undefined,
      output: undefined,
    }
    if (part.toolName) call.name = part.toolName
    else if (
      !call.name &&
      part.type.startsWith('tool-') &&
      !part.type.startsWith('tool-input') &&
      !part.type.startsWith('tool-output')
    )
      call.name = part.type.slice(5)
    if (part.input !== undefined) call.input = part.input
    if (part.output !== undefined) call.output = part.output
    calls.set(id, call)
  }
  return [...calls.values()]
}

interface Card {
  name?: string
  price?: number | string
  currency?: string
  url?: string
}

function ToolResult({ tool }: { tool: ToolSummary }) {
  const output = tool.output as { products?: Card[] } | undefined
  const products = Array.isArray(output?.products) ? output.products : null
  return (
    <div class="tool">
      <span class="tool-name">{tool.name || 'tool'}</span>
      {products ? (
        products.length ? (
          <ul class="cards">
            {products.map((p, i) => {
              const href = p.url ? safeHref(p.url) : null
              return (
                <li key={i}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {p.name ?? href}
                    </a>
                  ) : (
                    <span>{p.name ?? '—'}</span>
                  )}
                  {p.price !== undefined ? (
                    <span class="muted">
                      {' '}
                      {p.price} {p.currency ?? ''}
                    </span>
                  ) : null}
                </li>
              )
            })}
          </ul>
        ) : (
          <span class="muted"> no products found</span>
        )
      ) : tool.output !== undefined ? (
        <code class="tool-output">{JSON.stringify(tool.output).slice(0, 240)}</code>
      ) : (
        <span class="muted"> waiting for a result</span>
      )}
    </div>
  )
}

function Meta({ pairs }: { pairs: [string, string | null | undefined][] }) {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
  if (!shown.length) return null
  return (
    <dl class="meta">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

function Turn(props: { message: Message; question: string; botId: string }) {
  const m = props.message
  const [flagging, setFlagging] = useState(false)
  const tools = summarizeTools(m.parts)
  const isUser = m.role === 'user'
  return (
    <article class={`turn ${m.role}`} aria-label={`${WHO[m.role]} at ${formatTime(m.createdAt)}`}>
      <header>
        <strong>{m.role === 'agent' && m.author ? `${m.author} (agent)` : WHO[m.role]}</strong>
        <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
        {m.role === 'assistant' && m.status !== 'complete' ? (
          <Pill tone={m.status}>{m.status}</Pill>
        ) : null}
        {m.feedback ? (
          <Pill tone={m.feedback}>{m.feedback === 'up' ? 'helpful' : 'not helpful'}</Pill>
        ) : null}
      </header>
      {m.selection ? (
        <blockquote class="selection">
          <span class="muted">Asked about this passage: </span>“{m.selection.text}”
        </blockquote>
      ) : null}
      <div class="markdown">
        {m.content ? renderMarkdown(m.content) : <p class="muted">{isUser ? '' : '(no answer)'}</p>}
      </div>
      {tools.length ? (
        <div class="tools">
          {tools.map((t) => (
            <ToolResult key={t.id} tool={t} />
          ))}
        </div>
      ) : null}
      {m.sources?.length ? (
        <ol class="sources" aria-label="Sources">
          {m.sources.map((s, i) => {
            const href = safeHref(String(s.url))
            return (
              <li key={i}>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer">
                    {s.title || s.url}
                  </a>
                ) : (
                  <span>{s.title || String(s.url)}</span>
                )}
              </li>
            )
          })}
        </ol>
      ) : null}
      {m.feedbackComment ? <p class="comment">Comment: {m.feedbackComment}</p> : null}
      {isUser ? (
        <Meta
          pairs={[
            ['Page', m.pageContext?.url ? shortUrl(m.pageContext.url) : null],
            ['Product', m.pageContext?.product?.name],
          ]}
        />
      ) : m.role === 'assistant' ? (
        <Meta
          pairs={[
            ['Model', m.model],
            [
              'Tokens',
              m.inputTokens === null
                ? null
                : `${formatInt(m.inputTokens)} in · ${formatInt(m.outputTokens)} out`,
            ],
            ['Cost', m.costUsd === null ? null : formatUsd(m.costUsd)],
            ['Latency', m.latencyMs === null ? null : formatMs(m.latencyMs)],
            ['First token', m.firstTokenMs === null ? null : formatMs(m.firstTokenMs)],
            ['Error', m.error],
          ]}
        />
      ) : null}
      {m.role === 'assistant' && session.can('corrections') ? (
        flagging ? (
          <FlagForm
            message={m}
            question={props.question}
            botId={props.botId}
            onClose={() => setFlagging(false)}
          />
        ) : (
          <button type="button" class="secondary small" onClick={() => setFlagging(true)}>
            Flag this answer
          </button>
        )
      ) : null}
    </article>
  )
}

/** `compact`: inside the inbox, where the surrounding card already names the conversation. */
export function Transcript({
  conversation: c,
  compact,
}: {
  conversation: Conversation
  compact?: boolean
}) {
  const s = c.session
  let lastQuestion = ''
  return (
    <div class="conversation-grid">
      <section class="card transcript" aria-labelledby="transcript-title">
        <h2 id="transcript-title" class={compact ? 'sr-only' : undefined}>
          Transcript
        </h2>
        {c.messages.length === 0 ? <p class="empty">No messages.</p> : null}
        {c.messages.map((m) => {
          if (m.role === 'user') lastQuestion = m.content
          return <Turn key={m.id} message={m} question={lastQuestion} botId={s.botId} />
        })}
      </section>
      <aside class="side">
        <section class="card" aria-labelledby="session-title">
          <h2 id="session-title">Session</h2>
          <Meta
            pairs={[
              ['Bot', s.botName],
              ['Started', formatTime(s.createdAt)],
              ['Last activity', formatTime(s.lastActivityAt)],
              ['Origin', s.origin],
              ['Current page', s.currentPage?.url ? shortUrl(s.currentPage.url) : null],
              ['Visitor', s.userName || s.userId || s.visitorId],
              ['Satisfaction', s.satisfaction ? `${s.satisfaction} / 5` : null],
              ['Messages', formatInt(s.messageCount)],
              ['Model calls', formatInt(c.totals.modelCalls)],
              [
                'Tokens',
                `${formatInt(c.totals.inputTokens)} in · ${formatInt(c.totals.outputTokens)} out`,
              ],
              ['Cost', formatUsd(c.totals.costUsd)],
              ['Browser', s.userAgent ? s.userAgent.slice(0, 80) : null],
              ['Id', s.id],
            ]}
          />
        </section>
      </aside>
      <section class="card calls" aria-labelledby="calls-title">
        <h2 id="calls-title">Model calls</h2>
        <Table
          columns={[
            { label: 'Purpose', cell: (r) => r.purpose },
            { label: 'Model', cell: (r) => <code>{r.model}</code> },
            {
              label: 'Tokens',
              num: true,
              cell: (r) => formatInt(r.inputTokens + r.outputTokens),
            },
            { label: 'Time', num: true, cell: (r) => formatMs(r.durationMs) },
            {
              label: 'Cost',
              num: true,
              cell: (r) => (r.success ? formatUsd(r.costUsd) : <Pill tone="failed">failed</Pill>),
            },
          ]}
          rows={c.modelCalls}
          rowKey={(r) => r.id}
          empty="No model calls recorded."
        />
      </section>
    </div>
  )
}
