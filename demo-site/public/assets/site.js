// Oak & Ember shop behaviour: mobile menu, product options and a pretend basket.
// Lives in a file because the site's CSP forbids inline scripts.
document.documentElement.classList.add('js')

const toggle = document.querySelector('.nav-toggle')
const nav = document.getElementById('site-nav')
if (toggle && nav) {
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true'
    toggle.setAttribute('aria-expanded', String(open))
    nav.classList.toggle('is-open', open)
  })
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('is-open')) {
      toggle.setAttribute('aria-expanded', 'false')
      nav.classList.remove('is-open')
      toggle.focus()
    }
  })
}

const addButton = document.querySelector('[data-add-to-basket]')
const note = document.querySelector('.basket-note')
if (addButton && note) {
  addButton.addEventListener('click', () => {
    const option = document.querySelector('.options input:checked')
    const name = document.querySelector('.product-summary h1')?.textContent ?? 'Item'
    const choice = option ? ` (${option.value})` : ''
    note.textContent = `${name}${choice} added to your basket — this is a demo shop, so nothing will be charged.`
  })
}
