// Follows SPA navigation: the History API has no event for pushState/replaceState, so wrap them.

export function watchNavigation(win: Window, onChange: () => void): () => void {
  const history = win.history
  let live = true
  const notify = () => {
    if (!live) return
    try {
      onChange()
    } catch {
      // the host page's navigation must never fail because of the widget
    }
  }
  const restorers = (['pushState', 'replaceState'] as const).map((name) => {
    const original = history[name]
    const patched: History['pushState'] = function (this: History, ...args) {
      const result = original.apply(this, args)
      notify()
      return result
    }
    history[name] = patched
    // If someone wrapped ours since, putting the original back would drop their wrapper;
    // `live = false` already makes ours a plain pass-through.
    return () => {
      if (history[name] === patched) history[name] = original
    }
  })
  win.addEventListener('popstate', notify)
  win.addEventListener('hashchange', notify)
  return () => {
    live = false
    for (const restore of restorers) restore()
    win.removeEventListener('popstate', notify)
    win.removeEventListener('hashchange', notify)
  }
}
