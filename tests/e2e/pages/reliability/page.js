// The site's own script. Module scripts run in document order, so this runs
// after the tag's loader; it must keep working whatever happens to the tag.
window.__pageOk = true;
window.__clicks = 0;
const button = document.getElementById('site-button');
const output = document.getElementById('site-output');
if (button) {
  button.addEventListener('click', () => {
    window.__clicks += 1;
    if (output) output.textContent = 'clicked ' + window.__clicks;
  });
}
