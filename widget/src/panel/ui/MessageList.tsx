import type { CartItem, CartResult, Rating, Source } from '../../shared/api-types'
import type { Strings } from '../i18n'
import { type ChatMessage, type ChatStore, isOutage } from '../store/chat'
import { isLink, productsOf, type ToolCall } from '../store/tools'
import { useEffect, useRef, useState } from './hooks'
import { renderMarkdown } from './markdown'
import { Compare, ProductCards } from './ProductCards'

interface Props {
  store: ChatStore
  t: Strings
}

export function MessageList({ store, t }: Props) {
  const log = useRef<HTMLDivElement>(null)
  const messages = store.messages.value
  const bot = store.botConfig.value
  const status = store.status.value
  const error = store.error.value
  const last = messages[messages.length - 1]

  // after every render, once it is in the DOM: the log stays scrolled to the newest message
  useEffect(() => {
    const el = log.current
    if (el) el.scrollTop = el.scrollHeight
  })

  return (
    // aria-live off: a log is polite by default and would read every streamed token; the
    // panel's own live region announces the finished answer instead.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <div class="log" role="log" aria-live="off" aria-label={t.log} tabIndex={0} ref={log}>
      {!messages.length && bot && (
        <>
          {bot.welcome && (
            <div class="msg assistant">
              <div class="bubble" dir="auto" lang={bot.lang}>
                {renderMarkdown(bot.welcome)}
              </div>
            </div>
          )}
          <div class="chips" lang={bot.lang}>
            {bot.starterQuestions?.map((question) => (
              <button
                type="button"
                class="chip"
                key={question}
                onClick={() => store.send(question)}
              >
                {question}
              </button>
            ))}
          </div>
        </>
      )}
      {messages.map((message) => (
        <Message key={message.id} message={message} store={store} t={t} isLast={message === last} />
      ))}
      {status === 'submitted' && <Typing t={t} />}
      {store.slow.value && (
        <p class="note" role="status">
          {t.slow}
        </p>
      )}
      {error && (
        <div class="error" role="alert">
          {/* an outage is worded the same either side of the wire: no blaming the shopper */}
          <span>{isOutage(error) ? t.outage : error.message}</span>
          <button type="button" onClick={() => store.retry()}>
            {t.retry}
          </button>
        </div>
      )}
    </div>
  )
}

function Message({ message, store, t, isLast }: Props & { message: ChatMessage; isLast: boolean }) {
  const { role, content, state, sources, actions, tools } = message
  if (role === 'user') {
    return (
      <div class="msg user">
        {message.quote && (
          <blockquote class="quote" dir="auto">
            {message.quote.text}
          </blockquote>
        )}
        <div class="bubble" dir="auto">
          {content}
        </div>
        {state === 'failed' && <div class="note">{t.notSent}</div>}
      </div>
    )
  }
  if (role === 'agent') {
    // a person from the shop's team: their name above, not rated like the bot's answers
    return (
      <div class="msg agent">
        <span class="note">{message.author}</span>
        <div class="bubble" dir="auto">
          {content}
        </div>
      </div>
    )
  }
  if (!content && state === 'streaming') return <Typing t={t} />
  // An answer with no text (cut off before its first word) has nothing to show or rate.
  if (!content && !state && !tools) return null
  const heading = `parley-src-${message.id}`
  return (
    <div class="msg assistant">
      {content && (
        <div class="bubble" dir="auto">
          {renderMarkdown(content)}
        </div>
      )}
      {tools?.map((call) => {
        if (call.name === 'addToCart')
          return <CartStep key={call.id} call={call} message={message} store={store} t={t} />
        const products = productsOf(call)
        if (call.name === 'compareProducts')
          return (
            products.length > 1 && (
              <Compare
                key={call.id}
                products={products}
                rows={(call.output as { rows?: unknown }).rows}
              />
            )
          )
        return (
          !!products.length && (
            <ProductCards
              key={call.id}
              products={products}
              t={t}
              lang={store.botConfig.value?.lang}
              onAdd={
                !state && store.canAddToCart()
                  ? (product) => store.offerCart(message.id, product)
                  : undefined
              }
            />
          )
        )
      })}
      {state === 'stopped' && <div class="note">{t.stopped}</div>}
      {!!sources?.length && !state && (
        <div class="sources">
          <span class="src-h" id={heading}>
            {t.sources}
          </span>
          <ul aria-labelledby={heading}>
            {sources.map((source) => (
              <li key={source.url || source.title}>
                {source.url ? (
                  <a
                    href={citeUrl(source)}
                    target="_blank"
                    rel="noopener noreferrer"
                    title={source.title}
                    dir="auto"
                  >
                    {source.title || source.url}
                  </a>
                ) : (
                  // The shop team's own answer (a correction) has no page to open.
                  <span dir="auto">{source.title}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!state && !message.id.startsWith('answer-') && (
        <Rate message={message} store={store} t={t} />
      )}
      {isLast && !!actions?.length && (
        <div class="chips">
          {actions.map((action) => (
            <button
              type="button"
              class="chip"
              key={action.label}
              onClick={() => store.send(action.payload)}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

/**
 * The source link, pointing at the passage the answer used where the browser supports URL
 * text fragments (`#:~:text=`): the page opens scrolled to it, highlighted. A long passage is
 * named by its first and last words, so a line break or a link inside it cannot break the match.
 */
export function citeUrl(source: Source, supported = 'fragmentDirective' in document): string {
  const words = source.passage?.split(/\s+/).filter(Boolean) ?? []
  if (!supported || !words.length) return source.url
  // '-', ',' and '&' are the directive's own syntax
  const encode = (part: string[]) =>
    encodeURIComponent(part.join(' ')).replace(/[-,&]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
  const text =
    words.length > 8 ? `${encode(words.slice(0, 4))},${encode(words.slice(-4))}` : encode(words)
  return `${source.url}${source.url.includes('#') ? ':~:' : '#:~:'}text=${text}`
}

// One path drawn twice: the down thumb is the up one turned (CSS), which saves bytes.
const THUMB = (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3m7-2V5a3 3 0 0 0-3-3l-4 9v11h11.3a2 2 0 0 0 2-1.7l1.4-9a2 2 0 0 0-2-2.3z" />
  </svg>
)

function Rate({ message, store, t }: Props & { message: ChatMessage }) {
  const [asking, setAsking] = useState(false)
  const [comment, setComment] = useState('')
  const [thanked, setThanked] = useState(false)
  const choose = (rating: Rating) => {
    void store.rate(message.id, rating)
    setAsking(true)
    setThanked(false)
  }
  const button = (rating: Rating, label: string) => (
    <button
      type="button"
      class={rating}
      aria-label={label}
      aria-pressed={message.feedback === rating}
      onClick={() => choose(rating)}
    >
      {THUMB}
    </button>
  )
  return (
    <div class="rate">
      {button('up', t.up)}
      {button('down', t.down)}
      {thanked ? (
        <span class="note">{t.thanks}</span>
      ) : (
        asking &&
        message.feedback && (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              if (message.feedback) void store.rate(message.id, message.feedback, comment.trim())
              setThanked(true)
            }}
          >
            <input
              aria-label={t.more}
              placeholder={t.more}
              maxLength={1000}
              value={comment}
              dir="auto"
              onInput={(event) => setComment(event.currentTarget.value)}
            />
            <button type="submit">{t.sendFeedback}</button>
          </form>
        )
      )}
    </div>
  )
}

/** Add to cart, step by step: confirm (nothing is added before), running, the result. */
function CartStep({ call, message, store, t }: Props & { call: ToolCall; message: ChatMessage }) {
  const item = call.input as CartItem | undefined
  const result = call.output as CartResult | undefined
  if (result)
    return (
      <p class="note" role="status">
        {result.ok ? t.added : t.cartFailed}
        {result.message && `: ${result.message}`}
      </p>
    )
  if (!isLink(item?.url)) return null
  if (!store.canAddToCart())
    return (
      <a class="note" href={item.url}>
        {t.addOnPage}
      </a>
    )
  // the model's call names no product: the card it came from does
  const name =
    call.label ??
    message.tools?.flatMap(productsOf).find((p) => p.url === item.url)?.name ??
    item.url
  return (
    <div class="confirm">
      <p>
        {t.confirmAdd} {item.quantity > 1 && `${item.quantity} × `}
        {name}
      </p>
      <button
        type="button"
        disabled={call.busy}
        onClick={() => store.confirmCart(message.id, call.id)}
      >
        {t.confirm}
      </button>
      <button type="button" onClick={() => store.cancelCart(message.id, call.id)}>
        {t.cancel}
      </button>
    </div>
  )
}

function Typing({ t }: { t: Strings }) {
  return (
    <div class="msg assistant">
      <div class="bubble typing" role="img" aria-label={t.typing}>
        <i />
        <i />
        <i />
      </div>
    </div>
  )
}
