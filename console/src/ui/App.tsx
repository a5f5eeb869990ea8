// The console's frame: sign-in, or the header, navigation and the screen the hash names.
import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { parseRoute, type Route, type Screen } from '../router'
import { Audit } from '../screens/Audit'
import { Bots } from '../screens/Bots'
import { Conversations } from '../screens/Conversations'
import { Corrections } from '../screens/Corrections'
import { Inbox } from '../screens/Inbox'
import { Knowledge } from '../screens/Knowledge'
import { Overview } from '../screens/Overview'
import { Team } from '../screens/Team'
import { session } from '../store/session'
import { messageOf, toast } from './kit'

const NAV: { screen: Screen; label: string }[] = [
  { screen: 'overview', label: 'Overview' },
  { screen: 'conversations', label: 'Conversations' },
  { screen: 'inbox', label: 'Inbox' },
  { screen: 'bots', label: 'Bots' },
  { screen: 'knowledge', label: 'Knowledge' },
  { screen: 'corrections', label: 'Corrections' },
  { screen: 'audit', label: 'Audit log' },
  { screen: 'team', label: 'Team & keys' },
]

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

function SignIn() {
  const error = useSignal('')
  const busy = useSignal(false)
  const message = error.value || session.notice.value
  return (
    <main id="main" class="signin">
      <form
        class="card"
        aria-labelledby="signin-title"
        onSubmit={async (event) => {
          event.preventDefault()
          const input = event.currentTarget.elements.namedItem('key') as HTMLInputElement
          const key = input.value.trim()
          if (!key) return
          busy.value = true
          error.value = ''
          try {
            await session.signIn(key)
            if (!location.hash) location.hash = '#/overview'
          } catch (e) {
            error.value = messageOf(e)
          } finally {
            busy.value = false
          }
        }}
      >
        <div class="brand">
          <span class="logo" aria-hidden="true">
            P
          </span>{' '}
          Parley
        </div>
        <h1 id="signin-title">Sign in to the console</h1>
        <p class="muted">
          Paste an admin key: the operator's <code>ADMIN_API_KEY</code> or an organization key (
          <code>pak_…</code>). It is kept in this tab only and forgotten when you close it.
        </p>
        <label class="field">
          <span>Admin key</span>
          <input name="key" type="password" autoComplete="off" required spellcheck={false} />
        </label>
        {message ? (
          <p class="error" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" disabled={busy.value}>
          {busy.value ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}

function screenOf(route: Route): ComponentChildren {
  switch (route.screen) {
    case 'overview':
      return <Overview />
    case 'conversations':
      return <Conversations id={route.id} />
    case 'inbox':
      return <Inbox id={route.id} />
    case 'bots':
      return <Bots id={route.id} />
    case 'knowledge':
      return <Knowledge />
    case 'corrections':
      return <Corrections />
    case 'audit':
      return <Audit />
    case 'team':
      return <Team />
  }
}

function Shell() {
  const route = useRoute()
  const me = session.me.value
  const [menu, setMenu] = useState(false)
  // A new screen: its heading takes the focus, as a page load would.
  useEffect(() => {
    setMenu(false)
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true })
  }, [route.screen, route.id])
  const label = NAV.find((n) => n.screen === route.screen)?.label ?? ''
  useEffect(() => {
    document.title = `${label} — Parley console`
  }, [label])
  return (
    <div class="shell">
      <button
        type="button"
        class="skip"
        onClick={() => document.querySelector<HTMLElement>('main h1')?.focus()}
      >
        Skip to content
      </button>
      <header class="topbar">
        <button
          type="button"
          class="menu-button secondary"
          aria-expanded={menu}
          aria-controls="nav"
          onClick={() => setMenu(!menu)}
        >
          Menu
        </button>
        <a class="brand" href="#/overview">
          <span class="logo" aria-hidden="true">
            P
          </span>{' '}
          Parley <span class="muted">console</span>
        </a>
        <output class={toast.value ? `toast ${toast.value.tone}` : 'toast'} aria-live="polite">
          {toast.value?.text ?? ''}
        </output>
        <div class="who">
          <span class="who-name">
            {me?.keyName}
            {me?.organization
              ? ` · ${me.organization.name}`
              : me?.kind === 'operator'
                ? ' · operator'
                : ''}
          </span>
          <span class={`pill role-${me?.role}`}>{me?.role}</span>
          <button type="button" class="secondary small" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="nav" class={menu ? 'nav open' : 'nav'} aria-label="Console">
        <ul>
          {NAV.map((n) => (
            <li key={n.screen}>
              <a
                href={`#/${n.screen}`}
                aria-current={n.screen === route.screen ? 'page' : undefined}
              >
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="content">
        {screenOf(route)}
      </main>
    </div>
  )
}

export function App() {
  const key = session.key.value
  const me = session.me.value
  const [restoring, setRestoring] = useState(key !== null && me === null)
  // A key kept from earlier in this tab: check it again before showing anything.
  useEffect(() => {
    if (!restoring || !key) return
    session
      .signIn(key)
      .catch(() => {})
      .finally(() => setRestoring(false))
  }, [])
  if (restoring)
    return (
      <p class="muted center" role="status">
        Signing in…
      </p>
    )
  return session.signedIn.value ? <Shell /> : <SignIn />
}
