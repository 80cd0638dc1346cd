// The DMN designer: dmn-js Modeler opened on its decision tables (Pactum's DMN files carry no DRD layout).
import DmnModeler from 'dmn-js/lib/Modeler';

import { DmnProblems } from './highlight';
import { translateModule, translator } from './i18n';

function decisionTables(modeler) {
  return modeler.getViews().filter((view) => view.type === 'decisionTable');
}

/** One tab per decision table, when a file holds more than one. */
function renderTabs(modeler, tabs, translate) {
  const views = decisionTables(modeler);
  tabs.replaceChildren();
  tabs.hidden = views.length < 2;
  for (const view of views) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = view.name || view.element.id;
    button.title = translate('Select a decision table');
    button.className = view === modeler.getActiveView() ? 'active' : '';
    button.addEventListener('click', () => modeler.open(view));
    tabs.append(button);
  }
}

export async function mountDmn(container, options) {
  const { xml, locale = 'en', onChange } = options;
  container.classList.add('pactum-designer', 'pactum-designer-dmn');
  const tabs = document.createElement('div');
  tabs.className = 'pactum-designer-tabs';
  const tableElement = document.createElement('div');
  tableElement.className = 'pactum-designer-table';
  container.append(tabs, tableElement);

  // Each view takes its own additionalModules (a view's list replaces the common one), so translate is given to each.
  const translated = { additionalModules: [translateModule(locale)] };
  const modeler = new DmnModeler({
    container: tableElement,
    drd: translated, decisionTable: translated, literalExpression: translated, boxedExpression: translated,
  });
  const problems = new DmnProblems(modeler, tableElement);
  const translate = translator(locale);
  modeler.on('views.changed', () => {
    renderTabs(modeler, tabs, translate);
    const viewer = modeler.getActiveViewer();
    if (viewer && !viewer.pactumListening) {
      viewer.pactumListening = true;
      const eventBus = viewer.get('eventBus');
      problems.listen(eventBus);
      if (onChange) {
        eventBus.on('commandStack.changed', () => onChange());
      }
    }
  });
  const { warnings } = await modeler.importXML(xml);
  const [first] = decisionTables(modeler);
  if (first && modeler.getActiveView() !== first) {
    await modeler.open(first);
  }
  return {
    modeler,
    warnings: warnings.map((warning) => warning.message),
    async getXml() {
      const { xml: saved } = await modeler.saveXML({ format: true });
      return saved;
    },
    highlight: (list) => problems.show(list),
    clearHighlights: () => problems.clear(),
    destroy() {
      modeler.destroy();
      container.replaceChildren();
      container.classList.remove('pactum-designer', 'pactum-designer-dmn');
    },
  };
}
