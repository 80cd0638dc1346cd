// Problems found by the server's validation, shown on the elements they name.
// A problem is {element_id, message}; one whose element is not in the diagram is not drawn but returned, so that
// the page can list it with the problems that name only the file.

const MARKER = 'pactum-problem';

function byElement(problems) {
  const grouped = new Map();
  for (const problem of problems || []) {
    if (!problem || !problem.element_id) {
      continue;
    }
    const messages = grouped.get(problem.element_id) || [];
    messages.push(String(problem.message || ''));
    grouped.set(problem.element_id, messages);
  }
  return grouped;
}

function note(messages, className) {
  const element = document.createElement('div');
  element.className = className;
  element.setAttribute('role', 'note');
  element.title = messages.join('\n');
  for (const message of messages) {
    const line = document.createElement('div');
    line.textContent = message;
    element.append(line);
  }
  return element;
}

function badge(messages) {
  const element = document.createElement('div');
  element.className = 'pactum-problem-badge';
  element.textContent = '!';
  element.title = messages.join('\n');
  return element;
}

export class BpmnProblems {
  constructor(modeler) {
    this._registry = modeler.get('elementRegistry');
    this._canvas = modeler.get('canvas');
    this._overlays = modeler.get('overlays');
    this._marked = [];
    const eventBus = modeler.get('eventBus');
    eventBus.on('selection.changed', ({ newSelection }) => this._open(newSelection.map((e) => e.id), 'selected'));
    eventBus.on('element.hover', ({ element }) => this._open([element.id], 'hovered'));
    eventBus.on('element.out', () => this._open([], 'hovered'));
  }

  /** The shape that draws an element id: itself, or the event or task that owns a definition with that id. */
  _shape(id) {
    const shape = this._registry.get(id);
    if (shape) {
      return shape.parent ? shape : null; // the root (a process or collaboration) has nothing to mark
    }
    return this._registry.find((element) => {
      const bo = element.businessObject || {};
      const owned = [...(bo.eventDefinitions || []), bo.loopCharacteristics, bo.conditionExpression];
      return owned.some((part) => part && part.id === id);
    }) || null;
  }

  show(problems) {
    this.clear();
    const unplaced = [];
    for (const [id, messages] of byElement(problems)) {
      const shape = this._shape(id);
      if (!shape) {
        unplaced.push(...messages.map((message) => ({ element_id: id, message })));
        continue;
      }
      this._canvas.addMarker(shape, MARKER);
      // Not scaled with the zoom: a message must stay readable on a diagram zoomed out to fit. The note sits above
      // the element (CSS moves it up by its own height), clear of the context pad on the element's right.
      this._overlays.add(shape, MARKER, { position: { top: -10, right: 10 }, html: badge(messages), scale: false });
      this._overlays.add(shape, MARKER, {
        position: { top: -6, left: 0 }, html: note(messages, 'pactum-problem-note'), scale: false,
      });
      this._marked.push(shape);
    }
    return { shown: this._marked.map((shape) => shape.id), unplaced };
  }

  _open(ids, reason) {
    for (const shape of this._marked) {
      for (const overlay of this._overlays.get({ element: shape, type: MARKER })) {
        overlay.htmlContainer.classList.toggle(`pactum-problem-${reason}`, ids.includes(shape.id));
      }
    }
  }

  clear() {
    for (const shape of this._marked) {
      if (this._registry.get(shape.id)) {
        this._canvas.removeMarker(shape, MARKER);
      }
    }
    this._overlays.remove({ type: MARKER });
    this._marked = [];
  }
}

const CELL_SELECTORS = ['data-element-id', 'data-row-id', 'data-col-id'];

/** Problems on a decision table: cells (input and output entries), rules (rows) and columns. */
export class DmnProblems {
  constructor(modeler, container) {
    this._modeler = modeler;
    this._container = container;
    this._problems = [];
    // A listener that returns a value stops the event in diagram-js and table-js: this one returns nothing.
    this._reapply = () => {
      requestAnimationFrame(() => this._apply());
    };
  }

  _cells(id) {
    for (const attribute of CELL_SELECTORS) {
      const cells = this._container.querySelectorAll(`[${attribute}="${CSS.escape(id)}"]`);
      if (cells.length) {
        return [...cells];
      }
    }
    return [];
  }

  _apply() {
    this._unmark();
    const unplaced = [];
    for (const [id, messages] of byElement(this._problems)) {
      let cells = this._cells(id);
      if (!cells.length) {
        const parent = this._parentId(id); // an input expression's problem shows on its input column
        cells = parent ? this._cells(parent) : [];
      }
      if (!cells.length) {
        unplaced.push(...messages.map((message) => ({ element_id: id, message })));
      }
      for (const cell of cells) {
        cell.classList.add(MARKER);
        cell.dataset.pactumProblem = messages.join('\n');
        cell.title = messages.join('\n');
      }
    }
    return unplaced;
  }

  _parentId(id) {
    const definitions = this._modeler.getDefinitions();
    let found = null;
    const seen = new Set();
    const visit = (element) => {
      if (found || !element || typeof element !== 'object' || seen.has(element)) {
        return;
      }
      seen.add(element);
      if (element.id === id) {
        found = element;
        return;
      }
      for (const key of Object.keys(element)) {
        if (!key.startsWith('$')) {
          const value = element[key];
          (Array.isArray(value) ? value : [value]).forEach(visit);
        }
      }
    };
    visit(definitions);
    return found && found.$parent && found.$parent.id;
  }

  _unmark() {
    for (const cell of this._container.querySelectorAll(`.${MARKER}`)) {
      cell.classList.remove(MARKER);
      delete cell.dataset.pactumProblem;
      cell.removeAttribute('title');
    }
  }

  /** Re-mark after the table re-renders (editing, selecting a cell), which resets cell classes. */
  listen(eventBus) {
    eventBus.on(['commandStack.changed', 'elements.changed', 'cellSelection.changed', 'sheet.resized'], this._reapply);
  }

  show(problems) {
    this._problems = [...(problems || [])];
    const unplaced = this._apply();
    const shown = [...byElement(this._problems).keys()].filter((id) => !unplaced.some((p) => p.element_id === id));
    return { shown, unplaced };
  }

  clear() {
    this._problems = [];
    this._unmark();
  }
}
