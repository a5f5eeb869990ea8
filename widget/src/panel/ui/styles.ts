// The panel's constructable stylesheet, adopted when the panel chunk loads (the launcher's
// sheet in entry/ui/launcher.ts comes with the entry). Theme variables are defined there, and
// [hidden], the icons' stroke and .sr (screen readers only).
// Logical properties (inline-start/end) throughout: a right-to-left panel mirrors by itself.

export const panelCss = `
.panel{position:fixed;bottom:88px;right:20px;width:380px;max-width:calc(100vw - 40px);height:min(640px,calc(100dvh - 108px));display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.22);overflow:hidden;outline:0;transition:opacity .16s,transform .16s,display .16s allow-discrete}
.panel[hidden]{display:none;opacity:0;transform:translateY(8px) scale(.98)}
@starting-style{.panel{opacity:0;transform:translateY(8px) scale(.98)}}
.root[data-position=left] .panel{right:auto;left:20px}
.head{display:flex;align-items:center;gap:2px;padding-block:8px;padding-inline:16px 8px;background:var(--brand);color:var(--on-brand)}
.head :focus-visible{outline-color:var(--on-brand)}
.title{flex:1;min-width:0;display:flex;flex-direction:column}
.name{font-weight:600;font-size:15px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sub{font-size:12px;line-height:1.35}
.badge{display:inline-block;margin-inline-start:6px;padding:0 6px;border:1px solid;border-radius:99px;font-size:11px}
.icon{flex:none;width:34px;height:34px;display:grid;place-items:center;border:0;border-radius:8px;background:none;color:inherit;padding:0}
.icon:hover{background:rgba(255,255,255,.18)}
.icon svg{width:18px;height:18px}
.confirm{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:10px 16px;border-bottom:1px solid var(--line);background:var(--soft);font-size:13px}
.confirm p{flex:1 1 100%;margin:0}
.confirm .danger{border-color:var(--danger);color:var(--danger)}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:12px;overscroll-behavior:contain}
.msg{display:flex;flex-direction:column;align-items:flex-start;gap:6px;max-width:88%}
.msg.user{align-self:flex-end;align-items:flex-end}
.bubble{padding:9px 12px;border-radius:14px;border-end-start-radius:4px;background:var(--soft);overflow-wrap:anywhere}
.user .bubble{background:var(--brand);color:var(--on-brand);white-space:pre-wrap;border-radius:14px;border-end-end-radius:4px}
.bubble p,.bubble ul,.bubble ol,.bubble pre{margin:0 0 8px}
.bubble>:last-child{margin-bottom:0}
.bubble ul,.bubble ol{padding-inline-start:20px}
.bubble a{color:inherit}
.bubble code{font:12.5px/1.4 ui-monospace,monospace;background:var(--line);padding:1px 4px;border-radius:4px}
.bubble pre{background:var(--line);padding:8px;border-radius:8px;overflow-x:auto}
.bubble pre code{padding:0;background:none}
.note{margin:0;font-size:12px;color:var(--muted)}
.agent .bubble{border:1px solid var(--brand)}
.lead>*{flex:1 1 100%;font:inherit;padding:6px;border:1px solid var(--line);border-radius:8px}
.lead p{border:0;padding:0}
.sources{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:12px;max-width:100%}
.src-h{color:var(--muted);font-weight:600}
.sources ul{display:contents;list-style:none}
.sources a,.sources li>span{display:block;max-width:260px;padding:3px 9px;border:1px solid var(--line);border-radius:99px;color:var(--muted);text-decoration:none;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sources a:hover{color:var(--fg);border-color:var(--muted)}
.cards{display:flex;gap:8px;width:100%;margin:0;padding:2px;list-style:none;overflow-x:auto;scroll-snap-type:x mandatory}
.card{flex:0 0 148px;display:flex;flex-direction:column;gap:3px;padding:8px;border:1px solid var(--line);border-radius:10px;font-size:13px;scroll-snap-align:start}
.card img{width:100%;height:auto;border-radius:6px;background:var(--soft)}
.card a,.cmp a{font-weight:600;color:var(--fg)}
.cmp{border-collapse:collapse;font-size:13px;display:block;max-width:100%;overflow-x:auto}
.cmp th,.cmp td{padding:4px 8px;border:1px solid var(--line);text-align:start}
.rate{display:flex;flex-wrap:wrap;align-items:center;gap:4px}
.rate>button{width:28px;height:28px;display:grid;place-items:center;padding:0;border:1px solid transparent;border-radius:8px;background:none;color:var(--muted)}
.rate>button:hover,.rate>button[aria-pressed=true]{color:var(--fg);border-color:var(--line);background:var(--soft)}
.rate svg{width:15px;height:15px}
.rate .down svg{transform:rotate(180deg)}
.rate form{display:flex;gap:6px;flex:1 1 200px}
.rate input{flex:1;min-width:0;font:inherit;font-size:13px;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:4px 8px}
.rate form button,.confirm button{border:1px solid var(--line);background:var(--soft);color:var(--fg);border-radius:8px;padding:4px 10px;font-size:13px}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{border:1px solid var(--brand);background:var(--bg);color:var(--fg);border-radius:99px;padding:6px 12px;font-size:13px;text-align:start}
.chip:hover{background:var(--soft)}
.typing{display:flex;gap:4px;padding:14px 12px}
.typing i{width:6px;height:6px;border-radius:50%;background:var(--muted);animation:parley-blink 1.2s infinite}
.typing i:nth-child(2){animation-delay:.2s}
.typing i:nth-child(3){animation-delay:.4s}
@keyframes parley-blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
.error{display:flex;align-items:center;gap:10px;padding:8px 10px;padding-inline-start:12px;border:1px solid var(--danger);border-radius:10px;color:var(--danger);font-size:13px}
.error span{flex:1}
.error button{border:1px solid currentColor;background:none;color:inherit;border-radius:8px;padding:4px 12px}
.page{margin:0;padding:6px 16px 0;font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.composer{display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px;padding:8px 12px 12px}
.composer textarea{flex:1;min-width:0;resize:none;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:8px 10px;min-height:40px;max-height:140px;field-sizing:content}
.composer textarea:focus-visible{outline:2px solid var(--brand);outline-offset:-1px}
.send,.stop{flex:none;height:40px;border-radius:10px;padding:0 14px;font-weight:600}
.send{border:0;background:var(--brand);color:var(--on-brand)}
.stop{border:1px solid var(--line);background:var(--soft);color:var(--fg)}
.quote{margin:0;padding:4px 10px;border-inline-start:3px solid var(--brand);color:var(--muted);font-size:13px;white-space:normal;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere}
.attach{flex:1 0 100%;display:flex;align-items:flex-start;gap:6px;padding-block:6px;padding-inline:0 6px;border-radius:10px;background:var(--soft)}
.attach .quote{flex:1;-webkit-line-clamp:2}
.unquote{flex:none;width:26px;height:26px;padding:0;border:0;border-radius:8px;background:none;color:var(--muted);font-size:18px;line-height:1}
.unquote:hover{color:var(--fg);background:var(--line)}
@media (max-width:480px){.panel,.root[data-position=left] .panel{inset:var(--vt,0) 0 auto;width:100%;max-width:none;height:var(--vh,100dvh);border:0;border-radius:0}.head{padding-top:max(8px,env(safe-area-inset-top))}.composer{padding-bottom:max(12px,env(safe-area-inset-bottom))}.composer textarea,.rate input{font-size:16px}}
`
