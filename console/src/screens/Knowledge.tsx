// A bot's knowledge: its sources, uploading files (PDFs turned to text in the browser), a
// sitemap crawl, and a test question showing the chunks the bot would retrieve and why.
import { useRef, useState } from 'preact/hooks'
import type { AskResult, KnowledgeSource, SearchResult, UploadResult } from '../api/types'
import { formatInt, formatTime, shortUrl } from '../format'
import { ACCEPTED, extractPdf, isAccepted, isPdf, toUploadForm } from '../knowledge/files'
import { safeHref } from '../markdown/markdown'
import { session } from '../store/session'
import { AskAnswer } from '../ui/BeforeAfter'
import {
  attempt,
  BotPicker,
  ConfirmButton,
  Field,
  LoadState,
  messageOf,
  ScreenHeader,
  Table,
  useLoad,
} from '../ui/kit'

function botFromHash() {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('bot') ?? ''
}

export function Knowledge() {
  const [chosen, setChosen] = useState(botFromHash)
  const botId = chosen || session.bots.value[0]?.id || ''
  const sources = useLoad(
    () =>
      botId
        ? session.api.get<{ sources: KnowledgeSource[] }>(`/bots/${botId}/documents`)
        : Promise.resolve({ sources: [] }),
    [botId],
  )
  const editable = session.can('knowledge')
  return (
    <>
      <ScreenHeader title="Knowledge">
        <BotPicker value={botId} onChange={setChosen} all={false} />
      </ScreenHeader>
      {!botId ? (
        <p class="empty">Create a bot first.</p>
      ) : (
        <>
          {editable ? (
            <div class="grid-2">
              <Upload botId={botId} onDone={sources.reload} />
              <Sitemap botId={botId} onDone={sources.reload} />
            </div>
          ) : null}
          <TestQuestion botId={botId} />
          <section class="card" aria-labelledby="sources-title">
            <h2 id="sources-title">Sources</h2>
            <LoadState state={sources}>
              {() => (
                <Table
                  caption="Sources"
                  columns={[
                    {
                      label: 'Title',
                      cell: (s) => {
                        const href = s.url ? safeHref(s.url) : null
                        return href ? (
                          <a href={href} target="_blank" rel="noopener noreferrer">
                            {s.title || shortUrl(s.url)}
                          </a>
                        ) : (
                          s.title || s.sourceId
                        )
                      },
                    },
                    { label: 'Type', cell: (s) => s.sourceType },
                    { label: 'Chunks', num: true, cell: (s) => formatInt(s.chunks) },
                    { label: 'Updated', cell: (s) => formatTime(s.updatedAt) },
                    ...(editable
                      ? [
                          {
                            label: 'Actions',
                            cell: (s: KnowledgeSource) => (
                              <ConfirmButton
                                label="Delete"
                                title={`Delete “${s.title || s.sourceId}”?`}
                                danger
                                body={
                                  <p>
                                    Its {formatInt(s.chunks)} chunks are removed; the bot stops
                                    citing it.
                                  </p>
                                }
                                onConfirm={() =>
                                  attempt(
                                    () =>
                                      session.api.del(
                                        `/bots/${botId}/documents/${encodeURIComponent(s.sourceId)}`,
                                      ),
                                    'Source deleted.',
                                  ).then(sources.reload)
                                }
                              />
                            ),
                          },
                        ]
                      : []),
                  ]}
                  rows={sources.data?.sources ?? []}
                  rowKey={(s) => s.sourceId}
                  empty="No knowledge yet: upload product feeds, pages or PDFs."
                />
              )}
            </LoadState>
          </section>
        </>
      )}
    </>
  )
}

function Upload({ botId, onDone }: { botId: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [status, setStatus] = useState('')
  const [error, setError] = useState('')
  const [result, setResult] = useState<UploadResult | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <section class="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload files</h2>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault()
          const files = [...(input.current?.files ?? [])]
          if (!files.length) return
          const refused = files.filter((f) => !isAccepted(f.name))
          if (refused.length) {
            setError(`Not a supported file: ${refused.map((f) => f.name).join(', ')}`)
            return
          }
          setBusy(true)
          setError('')
          setResult(null)
          try {
            if (files.some(isPdf)) setStatus('Reading the PDF…')
            const form = await toUploadForm(files, extractPdf)
            setStatus('Uploading…')
            setResult(await session.api.upload<UploadResult>(`/bots/${botId}/files`, form))
            if (input.current) input.current.value = ''
            onDone()
          } catch (err) {
            setError(messageOf(err))
          } finally {
            setBusy(false)
            setStatus('')
          }
        }}
      >
        <Field
          label="Choose files"
          hint="Product feeds (.csv, .json), pages (.md, .html, .txt) and PDFs; the PDF's text is read here in your browser."
        >
          <input ref={input} type="file" name="file" multiple accept={ACCEPTED.join(',')} />
        </Field>
        <div class="actions">
          <span class="muted small" role="status">
            {status}
          </span>
          <button type="submit" disabled={busy}>
            Upload
          </button>
        </div>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {result ? (
          <ul class="plain results" aria-label="Upload results">
            {result.files.map((f) => (
              <li key={f.name} class={f.error ? 'error' : 'ok'}>
                <strong>{f.name}</strong>:{' '}
                {f.error
                  ? f.error
                  : `${formatInt(f.documents)} documents, ${formatInt(f.chunks)} chunks`}
              </li>
            ))}
          </ul>
        ) : null}
      </form>
    </section>
  )
}

function Sitemap({ botId, onDone }: { botId: string; onDone: () => void }) {
  const [url, setUrl] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [result, setResult] = useState<{
    pages: number
    documents: number
    chunks: number
    skipped: { url: string; reason: string }[]
  } | null>(null)
  return (
    <section class="card" aria-labelledby="sitemap-title">
      <h2 id="sitemap-title">Import a sitemap</h2>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault()
          setBusy(true)
          setError('')
          setResult(null)
          try {
            setResult(await session.api.post(`/bots/${botId}/sitemap`, { url: url.trim() }))
            onDone()
          } catch (err) {
            setError(messageOf(err))
          } finally {
            setBusy(false)
          }
        }}
      >
        <Field label="Sitemap URL">
          <input
            type="url"
            required
            value={url}
            placeholder="https://shop.example/sitemap.xml"
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </Field>
        <div class="actions">
          <span class="muted small" role="status">
            {busy ? 'Reading the pages…' : ''}
          </span>
          <button type="submit" disabled={busy}>
            Import
          </button>
        </div>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {result ? (
          <output class="block">
            <p class="ok">
              {formatInt(result.pages)} pages read: {formatInt(result.documents)} documents,{' '}
              {formatInt(result.chunks)} chunks.
            </p>
            {result.skipped.length ? (
              <details>
                <summary>{formatInt(result.skipped.length)} skipped</summary>
                <ul class="plain small">
                  {result.skipped.map((s) => (
                    <li key={s.url}>
                      {shortUrl(s.url)} — {s.reason}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </output>
        ) : null}
      </form>
    </section>
  )
}

function TestQuestion({ botId }: { botId: string }) {
  const [query, setQuery] = useState('')
  const [k, setK] = useState('')
  const [results, setResults] = useState<SearchResult[] | null>(null)
  const [answer, setAnswer] = useState<AskResult | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const top = Math.max(0.0001, ...(results ?? []).map((r) => r.score))
  return (
    <section class="card" aria-labelledby="test-title">
      <h2 id="test-title">Ask a test question</h2>
      <form
        class="row wrap"
        onSubmit={async (e) => {
          e.preventDefault()
          setBusy(true)
          setError('')
          setAnswer(null)
          try {
            const body = { query: query.trim(), ...(k ? { k: Number(k) } : {}) }
            setResults(
              (await session.api.post<{ results: SearchResult[] }>(`/bots/${botId}/search`, body))
                .results,
            )
          } catch (err) {
            setError(messageOf(err))
          } finally {
            setBusy(false)
          }
        }}
      >
        <label class="field inline grow">
          <span>Question</span>
          <input
            required
            value={query}
            placeholder="Do you ship to Norway?"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <label class="field inline narrow">
          <span>k</span>
          <input
            type="number"
            min={1}
            max={50}
            value={k}
            onInput={(e) => setK(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Search
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy || !query.trim()}
          onClick={async () => {
            setBusy(true)
            setError('')
            try {
              setAnswer(
                await session.api.post<AskResult>(`/bots/${botId}/ask`, { question: query.trim() }),
              )
            } catch (err) {
              setError(messageOf(err))
            } finally {
              setBusy(false)
            }
          }}
        >
          Ask
        </button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {answer ? (
        <section class="card inset" aria-label="The bot's answer">
          <h3>The bot's answer</h3>
          <AskAnswer result={answer} />
        </section>
      ) : null}
      {results ? (
        results.length === 0 ? (
          <p class="empty">
            Nothing in the knowledge matches: the bot would give its fallback message.
          </p>
        ) : (
          <ol class="results-list" aria-label="Retrieved chunks">
            {results.map((r, i) => {
              const href = r.url ? safeHref(r.url) : null
              return (
                <li key={i} class="result">
                  <div class="row wrap">
                    <strong>
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          {r.title || shortUrl(r.url)}
                        </a>
                      ) : (
                        r.title || r.sourceId
                      )}
                    </strong>
                    <span class="muted small">{r.sourceType}</span>
                    <meter min={0} max={top} value={r.score} aria-label="Score" />
                    <span class="num small">{r.score.toFixed(3)}</span>
                  </div>
                  {r.why ? <p class="why small">{r.why}</p> : null}
                  <p class="chunk">{r.content}</p>
                </li>
              )
            })}
          </ol>
        )
      ) : null}
    </section>
  )
}
