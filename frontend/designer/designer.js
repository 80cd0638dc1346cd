// Entry point of the designer bundle: window.PactumDesigner.mount(element, options).
import './designer.css';
import { mountBpmn } from './bpmn-modeler';
import { mountDmn } from './dmn-modeler';
import { translator } from './i18n';

function announce(element, name, detail) {
  element.dispatchEvent(new CustomEvent(`pactum:${name}`, { bubbles: true, detail }));
}

function showError(element, locale, error) {
  const message = document.createElement('div');
  message.className = 'pactum-designer-error';
  message.setAttribute('role', 'alert');
  message.textContent = `${translator(locale)('Problem')}: ${error.message || error}`;
  element.replaceChildren(message);
}

/**
 * Open a BPMN diagram or a DMN decision table for editing.
 *
 * options: {kind: 'bpmn'|'dmn', xml, roles: [...], locale: 'en'|'zh_CN', onChange}
 * Returns at once; `ready` settles when the diagram is open. Events on the element: pactum:ready,
 * pactum:change, pactum:error.
 */
export function mount(element, options = {}) {
  const { kind = 'bpmn', locale = 'en' } = options;
  const onChange = () => {
    if (options.onChange) {
      options.onChange();
    }
    announce(element, 'change');
  };
  const open = kind === 'dmn' ? mountDmn : mountBpmn;
  const ready = open(element, { ...options, locale, onChange }).then((editor) => {
    announce(element, 'ready', { warnings: editor.warnings });
    return editor;
  }, (error) => {
    showError(element, locale, error);
    announce(element, 'error', { message: String(error.message || error) });
    throw error;
  });
  return {
    kind,
    ready,
    /** The edited diagram as XML. */
    getXml: async () => (await ready).getXml(),
    /** Mark the elements named by problems [{element_id, message}]; resolves to {shown, unplaced}. */
    highlight: async (problems) => (await ready).highlight(problems),
    clearHighlights: async () => (await ready).clearHighlights(),
    destroy: async () => {
      try {
        (await ready).destroy();
      } catch {
        element.replaceChildren();
      }
    },
  };
}

window.PactumDesigner = { mount };
