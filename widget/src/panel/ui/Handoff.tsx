import type { Strings } from '../i18n'
import type { ChatStore } from '../store/chat'
import type { Lead, Person } from '../store/person'
import { useState } from './hooks'

/**
 * Where the conversation stands with the shop's team, said honestly (the recent reply time, or
 * when the team is back); the lead form when nobody is there. Styled as the erase banner (bytes).
 */
export function Handoff({ store, person, t }: { store: ChatStore; person: Person; t: Strings }) {
  const [failed, setFailed] = useState('')
  const h = store.handoff.value
  if (!h) return null
  const { status, nextOpenAt: next, typicalWaitMinutes: minutes } = h
  // "Monday 09:00" in the shopper's own locale
  const back = next
    ? ` ${t.back.replace('{t}', new Date(next).toLocaleString([], { weekday: 'long', hour: 'numeric', minute: '2-digit' }))}`
    : ''
  const text =
    (status === 'waiting' && minutes
      ? t.waitFor.replace('{n}', `${minutes}`)
      : t[status].replace('{name}', h.agentName || '')) + back
  if (status !== 'unavailable')
    return (
      <p class="confirm" role="status">
        {text}
      </p>
    )
  return (
    <form
      class="confirm lead"
      onSubmit={(event) => {
        event.preventDefault()
        // name, email and message as typed (the edge trims and checks them); sending is consent
        const fields = Object.fromEntries(new FormData(event.currentTarget))
        person
          .leave({ ...fields, consent: true } as Lead)
          .catch((e: { message?: string }) => setFailed(e.message || t.outage))
      }}
    >
      <p role="status">{text}</p>
      <input name="name" placeholder={t.name} required />
      <input name="email" type="email" placeholder={t.email} required />
      <textarea name="message" placeholder={t.yours} required maxLength={4000} />
      <p>{t.consent}</p>
      {failed && <p role="alert">{failed}</p>}
      <button type="submit">{t.send}</button>
    </form>
  )
}
