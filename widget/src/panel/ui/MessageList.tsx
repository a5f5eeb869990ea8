import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Rating } from '../../shared/api-types'
import type { ChatMessage, ChatStore } from '../store/chat'
import { renderMarkdown } from './markdown'

export function MessageList({ store }: { store: ChatStore }) {
  const log = useRef<HTMLDivElement>(null)
  const messages = store.messages.value
  const bot = store.botConfig.value
  const status = store.status.value
  const error = store.error.value
  const last = messages[messages.length - 1]

  useLayoutEffect(() => {
    const el = log.current
    if (el) el.scrollTop = el.scrollHeight
  })

  return (
    // aria-live off: a log is polite by default and would read every streamed token; the
    // panel's own live region announces the finished answer instead.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <div class="log" role="log" aria-live="off" aria-label="Conversation" tabIndex={0} ref={log}>
      {!messages.length && bot && (
        <>
          {bot.welcome && (
            <div class="msg assistant">
              <div class="bubble">{renderMarkdown(bot.welcome)}</div>
            </div>
          )}
          {!!bot.starterQuestions?.length && (
            <div class="chips">
              {bot.starterQuestions.map((question) => (
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
          )}
        </>
      )}
      {messages.map((message) => (
        <Message key={message.id} message={message} store={store} isLast={message === last} />
      ))}
      {status === 'submitted' && <Typing />}
      {error && (
        <div class="error" role="alert">
          <span>{error.message}</span>
          <button type="button" onClick={() => store.retry()}>
            Retry
          </button>
        </div>
      )}
    </div>
  )
}

function Message({
  message,
  store,
  isLast,
}: {
  message: ChatMessage
  store: ChatStore
  isLast: boolean
}) {
  const { role, content, state, sources, actions } = message
  if (role === 'user') {
    return (
      <div class="msg user">
        {message.quote && <blockquote class="quote">{message.quote.text}</blockquote>}
        <div class="bubble">{content}</div>
        {state === 'failed' && <div class="note">Not sent</div>}
      </div>
    )
  }
  if (!content && state === 'streaming') return <Typing />
  return (
    <div class="msg assistant">
      <div class="bubble">{renderMarkdown(content)}</div>
      {state === 'stopped' && <div class="note">Stopped</div>}
      {!!sources?.length && (
        <ul class="sources" aria-label="Sources">
          {sources.map((source) => (
            <li key={source.url}>
              <a href={source.url} target="_blank" rel="noopener noreferrer" title={source.title}>
                {source.title || source.url}
              </a>
            </li>
          ))}
        </ul>
      )}
      {!state && !message.id.startsWith('answer-') && <Rate message={message} store={store} />}
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

// One path drawn twice: the down thumb is the up one turned (CSS), which saves bytes.
const THUMB = (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3m7-2V5a3 3 0 0 0-3-3l-4 9v11h11.3a2 2 0 0 0 2-1.7l1.4-9a2 2 0 0 0-2-2.3z" />
  </svg>
)

function Rate({ message, store }: { message: ChatMessage; store: ChatStore }) {
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
      {button('up', 'Helpful')}
      {button('down', 'Not helpful')}
      {thanked ? (
        <span class="note">Thanks for the feedback</span>
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
              aria-label="Tell us more (optional)"
              placeholder="Tell us more (optional)"
              maxLength={1000}
              value={comment}
              onInput={(event) => setComment(event.currentTarget.value)}
            />
            <button type="submit">Send</button>
          </form>
        )
      )}
    </div>
  )
}

function Typing() {
  return (
    <div class="msg assistant">
      <div class="bubble typing" role="img" aria-label="Assistant is typing">
        <i />
        <i />
        <i />
      </div>
    </div>
  )
}
