// The console's live preview: loads the real widget with the embed attributes taken from this
// page's query string (?bot=&color=&position=&theme=&lang=), as a site owner would paste them.
// A file of its own because the console's CSP forbids inline scripts.
;(() => {
  const params = new URLSearchParams(location.search)
  const bot = params.get('bot')
  if (!bot) return
  const script = document.createElement('script')
  script.src = '/widget.js'
  script.async = true
  script.dataset.bot = bot
  for (const name of ['color', 'position', 'theme', 'lang']) {
    const value = params.get(name)
    if (value) script.dataset[name] = value
  }
  if (params.get('open') !== '0') script.dataset.open = ''
  document.body.append(script)
})()
