// The BPMN designer: bpmn-js Modeler, its properties panel and Pactum's entries.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';

import { fitDiagram } from './fit';
import { BpmnProblems } from './highlight';
import { translateModule } from './i18n';
import PactumPropertiesProvider from './properties/provider';
import spiffworkflow from './spiffworkflow.json';

const pactumPropertiesModule = {
  __init__: ['pactumPropertiesProvider'],
  pactumPropertiesProvider: ['type', PactumPropertiesProvider],
};

// Pactum's groups start open: they hold what a designer of a Pactum process changes most.
const OPEN_GROUPS = ['general', 'pactum-role', 'pactum-condition', 'pactum-user-task', 'pactum-decision',
  'pactum-scripts', 'pactum-timer', 'message', 'pactum-message'];
const LAYOUT = { groups: Object.fromEntries(OPEN_GROUPS.map((id) => [id, { open: true }])) };

const VARIABLE_REFERENCES = ['bpmn:loopDataInputRef', 'bpmn:loopDataOutputRef'];

/**
 * SpiffWorkflow names a multi-instance's collections by variable (<loopDataInputRef>committee</...>), while BPMN
 * makes them references to data elements; bpmn-moddle drops a reference it cannot resolve, so the exported
 * diagram would lose the collection. Put a stand-in with that id back, whose id is all that is written out.
 */
function keepVariableReferences(moddle, warnings) {
  for (const warning of warnings) {
    if (VARIABLE_REFERENCES.includes(warning.property) && warning.element && typeof warning.value === 'string') {
      warning.element.set(warning.property, moddle.create('bpmn:DataInput', { id: warning.value }));
    }
  }
}

/** Margins that keep the fitted diagram clear of the palette: on its right, or under it on a narrow screen. */
function clearOfPalette(canvasElement) {
  const palette = canvasElement.querySelector('.djs-palette');
  if (!palette) {
    return {};
  }
  if (palette.offsetWidth > canvasElement.clientWidth / 2) {
    return { top: palette.offsetTop + palette.offsetHeight + 12, left: 12, right: 12 };
  }
  return { left: palette.offsetLeft + palette.offsetWidth + 16 };
}

export async function mountBpmn(container, options) {
  const { xml, roles = [], locale = 'en', onChange } = options;
  container.classList.add('pactum-designer', 'pactum-designer-bpmn');
  const canvasElement = document.createElement('div');
  canvasElement.className = 'pactum-designer-canvas';
  const panelElement = document.createElement('div');
  panelElement.className = 'pactum-designer-panel';
  container.append(canvasElement, panelElement);

  const modeler = new BpmnModeler({
    container: canvasElement,
    propertiesPanel: { parent: panelElement, layout: LAYOUT },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, pactumPropertiesModule, translateModule(locale),
    ],
    moddleExtensions: { spiffworkflow },
    pactum: { roles, locale },
  });
  const { warnings } = await modeler.importXML(xml);
  keepVariableReferences(modeler.get('moddle'), warnings);
  fitDiagram(modeler.get('canvas'), clearOfPalette(canvasElement));

  const problems = new BpmnProblems(modeler);
  if (onChange) {
    modeler.on('commandStack.changed', () => onChange());
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
      container.classList.remove('pactum-designer', 'pactum-designer-bpmn');
    },
  };
}
