// Pre-load queue for the Parley widget: calls pushed into Parley.q before widget.js has
// loaded are replayed by the widget. A file, not an inline snippet, because of the CSP.
window.Parley = window.Parley || { q: [] }
