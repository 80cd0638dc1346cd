// The modeler page: opens the model's file in the designer bundle (PactumDesigner), saves drafts, validates on the
// server (problems are marked on their elements), deploys, and starts a test run of the edited file.
// Its data comes from the JSON block #designer-config; there is no inline script on the page.
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('designer-config').textContent);
  const texts = config.texts;
  const stage = document.getElementById('designer-stage');
  const status = document.getElementById('designer-status');
  const problemsBox = document.getElementById('designer-problems');
  const problemsTitle = document.getElementById('designer-problems-title');
  const problemsList = document.getElementById('designer-problems-list');
  const csrf = config.csrf;
  let draftId = config.draftId;
  let dirty = false;

  const designer = window.PactumDesigner.mount(stage, {
    kind: config.kind, xml: config.xml, roles: config.roles, locale: config.locale,
    onChange: () => { dirty = true; say(texts.unsaved); },
  });
  designer.ready.then(() => { stage.dataset.ready = 'true'; });

  function say(text, tone) {
    status.textContent = text || '';
    status.className = 'designer-status small mb-2 ' + (tone ? `text-${tone}` : 'text-body-secondary');
  }

  function showProblems(title, problems) {
    problemsList.replaceChildren();
    problemsTitle.textContent = title;
    for (const problem of problems) {
      const item = document.createElement('li');
      const where = [problem.file !== config.file ? problem.file : null, problem.element_id].filter(Boolean);
      if (where.length) {
        const code = document.createElement('code');
        code.textContent = where.join('#');
        item.append(code, ' ');
      }
      item.append(problem.message);
      item.dataset.elementId = problem.element_id || '';
      problemsList.append(item);
    }
    problemsBox.classList.toggle('d-none', problems.length === 0 && !title);
  }

  function clearProblems() {
    showProblems('', []);
    problemsBox.classList.add('d-none');
    designer.clearHighlights();
  }

  async function post(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf, Accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      return { ok: false, status: 0, body: { error: { message: texts.failed } } };
    }
    if (response.status === 413) {
      return { ok: false, status: 413, body: { error: { message: texts.tooLarge } } };
    }
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : { error: { message: texts.failed } };
    return { ok: response.ok, status: response.status, body: data };
  }

  // Problems of the edited file go onto its elements; those of other files, or of no element, are listed.
  async function mark(problems) {
    const own = problems.filter((p) => p.file === config.file && p.element_id);
    const result = await designer.highlight(own);
    const listed = problems.filter((p) => p.file !== config.file || !p.element_id)
      .concat(result.unplaced.map((p) => ({ ...p, file: config.file })));
    return { shown: result.shown, listed };
  }

  async function report(problems, message) {
    const { listed } = await mark(problems);
    showProblems(message || texts.problems, listed.length ? listed : problems);
    say(texts.problems, 'danger');
  }

  async function xml() {
    return designer.getXml();
  }

  async function saveDraft() {
    say(texts.working);
    const answer = await post(config.urls.draft, { xml: await xml(), base_version: config.baseVersion });
    if (!answer.ok) {
      say(answer.body.error.message, 'danger');
      return null;
    }
    draftId = answer.body.draft_id;
    dirty = false;
    say(texts.saved, 'success');
    return answer.body;
  }

  async function validate() {
    clearProblems();
    say(texts.working);
    const answer = await post(config.urls.validate, { xml: await xml() });
    if (!answer.ok) {
      await report(answer.body.error.problems || [], answer.body.error.message);
      return false;
    }
    if (!answer.body.valid) {
      await report(answer.body.problems);
      return false;
    }
    say(texts.valid, 'success');
    if (answer.body.dependents.length) {
      say(`${texts.valid} ${texts.alsoNew} ${answer.body.dependents.join(', ')}`, 'success');
    }
    return true;
  }

  async function deploy() {
    if (!window.confirm(texts.confirmDeploy)) {
      return;
    }
    clearProblems();
    say(texts.deploying);
    const answer = await post(config.urls.deploy, { xml: await xml(), draft_id: draftId });
    if (answer.ok) {
      dirty = false;
      window.location.assign(answer.body.redirect);
      return;
    }
    await report(answer.body.error.problems || [], answer.body.error.message);
  }

  async function testRun() {
    const saved = await saveDraft();
    if (saved) {
      window.location.assign(saved.test_run);
    }
  }

  const on = (id, handler) => {
    const button = document.getElementById(id);
    if (button) {
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await handler();
        } finally {
          button.disabled = false;
        }
      });
    }
  };
  on('designer-save', saveDraft);
  on('designer-validate', validate);
  on('designer-deploy', deploy);
  on('designer-test', testRun);
  window.addEventListener('beforeunload', (event) => {
    if (dirty) {
      event.preventDefault();
    }
  });
  window.pactumEditor = { designer, validate, saveDraft };
}());
