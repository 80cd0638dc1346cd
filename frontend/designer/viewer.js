// Entry point of the viewer bundle: window.PactumViewer.mount(element, {xml, completed, current, waiting}).
import './viewer.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { fitDiagram } from './fit';
import { translateModule, translator } from './i18n';
import spiffworkflow from './spiffworkflow.json';

const STATES = ['completed', 'current', 'waiting'];

function legend(locale) {
  const translate = translator(locale);
  const element = document.createElement('div');
  element.className = 'pactum-viewer-legend';
  for (const state of STATES) {
    const item = document.createElement('span');
    item.className = `pactum-legend-${state}`;
    item.textContent = translate({ completed: 'Completed', current: 'Current', waiting: 'Waiting' }[state]);
    element.append(item);
  }
  return element;
}

async function open(element, options) {
  const { xml, locale = 'en' } = options;
  element.classList.add('pactum-viewer');
  const canvasElement = document.createElement('div');
  canvasElement.className = 'pactum-viewer-canvas';
  element.append(canvasElement);
  if (options.legend !== false) {
    element.append(legend(locale));
  }
  const viewer = new NavigatedViewer({
    container: canvasElement, additionalModules: [translateModule(locale)], moddleExtensions: { spiffworkflow },
  });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const marked = [];
  const setMarkers = (states) => {
    marked.splice(0).forEach(([id, marker]) => canvas.removeMarker(id, marker));
    for (const state of STATES) {
      for (const id of states[state] || []) {
        if (registry.get(id)) {
          canvas.addMarker(id, `pactum-${state}`);
          marked.push([id, `pactum-${state}`]);
        }
      }
    }
  };
  setMarkers(options);
  fitDiagram(canvas);
  const resized = new ResizeObserver(() => fitDiagram(canvas));
  resized.observe(canvasElement);
  return {
    viewer,
    setMarkers,
    destroy() {
      resized.disconnect();
      viewer.destroy();
      element.replaceChildren();
      element.classList.remove('pactum-viewer');
    },
  };
}

/** Show a process with what is done (green), what is happening (blue) and what waits (amber, e.g. timers). */
export function mount(element, options = {}) {
  const ready = open(element, options);
  return {
    ready,
    setMarkers: async (states) => (await ready).setMarkers(states),
    destroy: async () => (await ready).destroy(),
  };
}

window.PactumViewer = { mount };
