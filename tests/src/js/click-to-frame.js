// Clicks answers on the current page, one at a time, and returns for each click the time (ms)
// from the click to the moment the page could paint its result: the event handled, the views
// updated (Leptos's effects run as microtasks) and the main thread free again, which a task
// posted through a MessageChannel marks. Under 16 ms, the next frame shows the answer.
const done = arguments[arguments.length - 1];
const which = arguments[0];
const clicks = arguments[1];
const questions = which === 'bilan' ? '[data-question]' : '.sd-question';
const idle = () => new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const radios = [...document.querySelectorAll(questions)]
    .map(q => [...q.querySelectorAll('input[type=radio]')])
    .filter(r => r.length > 1);
  if (!radios.length) throw 'no question with choices on this page';
  const times = [];
  for (let i = 0; i < clicks; i++) {
    const choices = radios[i % radios.length];
    const input = choices[Math.floor(i / radios.length) % choices.length];
    await frame();
    const started = performance.now();
    input.click();
    await idle();
    times.push(performance.now() - started);
  }
  done(times);
})().catch(e => done('ERROR ' + e));
