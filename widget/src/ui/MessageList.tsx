import { useLayoutEffect, useRef } from 'preact/hooks'
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
