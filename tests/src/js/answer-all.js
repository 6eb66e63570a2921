const done = arguments[arguments.length - 1];
const which = arguments[0];
const started = performance.now();
const wait = () => new Promise(r => setTimeout(r, 0));
(async () => {
  for (let page = 0; page < 40; page++) {
    const questions = which === 'bilan' ? '[data-question]' : '.sd-question';
    for (const q of document.querySelectorAll(questions)) {
      const radios = q.querySelectorAll('input[type=radio]');
      if (radios.length && ![...radios].some(r => r.checked)) (radios[3] || radios[0]).click();
    }
    await wait();
    if (which === 'bilan') {
      if (document.querySelector('.summary__section')) break;
      const before = document.querySelector('.survey__section').textContent;
      [...document.querySelectorAll('.survey__nav .button')].pop().click();
      for (let i = 0; i < 500 && document.querySelector('.survey__section').textContent === before; i++) await wait();
    } else {
      const next = document.querySelector('.sd-navigation__next-btn');
      if (!next || next.offsetParent === null) break;
      const before = window.surveyModel.currentPageNo;
      next.click();
      for (let i = 0; i < 500 && window.surveyModel.currentPageNo === before; i++) await wait();
      if (window.surveyModel.currentPageNo === before) throw 'page ' + before + ' did not advance: ' + window.surveyModel.currentPage.questions.filter(q => q.errors.length).map(q => q.name + ' ' + q.getType() + ' ' + JSON.stringify(q.value)).join(', ');
      // The new page is drawn after the model moves (with an animation): wait for its questions.
      const first = window.surveyModel.currentPage.questions.find(q => q.isVisible).name;
      for (let i = 0; i < 2000 && !document.querySelector('[data-name="' + first + '"] input'); i++) await wait();
    }
  }
  const elapsed = performance.now() - started;
  if (which === 'surveyjs' && !window.surveyModel.isLastPage) done('ERROR stopped on page ' + window.surveyModel.currentPageNo);
  else done(elapsed);
})().catch(e => done('ERROR ' + e));
