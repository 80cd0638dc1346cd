// Diagrams drawn read-only with the viewer bundle (PactumViewer): every element with data-pactum-viewer names the
// JSON block that holds its XML and its completed, current and waiting element ids. No inline script on the page.
(function () {
  'use strict';

  const locale = document.documentElement.lang === 'zh-CN' ? 'zh_CN' : 'en';
  for (const element of document.querySelectorAll('[data-pactum-viewer]')) {
    const data = JSON.parse(document.getElementById(element.dataset.pactumViewer).textContent);
    const viewer = window.PactumViewer.mount(element, {
      xml: data.xml, completed: data.completed, current: data.current, waiting: data.waiting, locale,
    });
    viewer.ready.then(() => { element.dataset.ready = 'true'; }, (error) => {
      element.dataset.ready = 'error';
      element.textContent = String(error.message || error);
    });
  }
}());
