// The widget defers its start-up to requestIdleCallback so the host page loads first. Unit
// tests run that callback at once (as an idle browser would, immediately); entry/parley.test.ts
// checks the deferral itself with a real scheduler.
window.requestIdleCallback = ((callback: IdleRequestCallback) => {
  callback({ didTimeout: false, timeRemaining: () => 50 })
  return 0
}) as typeof window.requestIdleCallback
