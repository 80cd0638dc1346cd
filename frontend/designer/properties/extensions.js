// Read and change spiffworkflow extension elements as undoable commands of the modeler's command stack.
import { is } from 'bpmn-js/lib/util/ModelUtil';

const UPDATE = 'element.updateModdleProperties';
const MULTI = 'properties-panel.multi-command-executor';

export function extensionValues(moddleElement) {
  const extensionElements = moddleElement.get('extensionElements');
  return (extensionElements && extensionElements.get('values')) || [];
}

export function findExtension(moddleElement, type) {
  return extensionValues(moddleElement).find((value) => is(value, type));
}

export function findExtensions(moddleElement, type) {
  return extensionValues(moddleElement).filter((value) => is(value, type));
}

/** The text of a body extension such as spiffworkflow:preScript, or ''. */
export function extensionText(moddleElement, type) {
  const extension = findExtension(moddleElement, type);
  return (extension && extension.get('value')) || '';
}

/** A spiffworkflow:property value of a task, or ''. */
export function propertyValue(moddleElement, name) {
  const properties = findExtension(moddleElement, 'spiffworkflow:Properties');
  const property = properties && properties.get('values').find((p) => p.get('name') === name);
  return (property && property.get('value')) || '';
}

function ensureExtensionElements(element, moddleElement, bpmnFactory, commands) {
  let extensionElements = moddleElement.get('extensionElements');
  if (!extensionElements) {
    extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    extensionElements.$parent = moddleElement;
    commands.push({ cmd: UPDATE, context: { element, moddleElement, properties: { extensionElements } } });
  }
  return extensionElements;
}

function replaceValues(element, container, values) {
  return { cmd: UPDATE, context: { element, moddleElement: container, properties: { values } } };
}

/** Commands that add `child` to the extension elements of `moddleElement`. */
function addExtension(element, moddleElement, child, bpmnFactory, commands) {
  const extensionElements = ensureExtensionElements(element, moddleElement, bpmnFactory, commands);
  child.$parent = extensionElements;
  commands.push(replaceValues(element, extensionElements, [...extensionElements.get('values'), child]));
}

function removeExtension(element, moddleElement, child) {
  const extensionElements = moddleElement.get('extensionElements');
  const values = extensionElements.get('values').filter((value) => value !== child);
  return replaceValues(element, extensionElements, values);
}

function execute(commandStack, commands) {
  if (commands.length) {
    commandStack.execute(MULTI, commands);
  }
}

/** Set (or remove, when empty) a body extension such as spiffworkflow:postScript. */
export function setExtensionText(services, element, moddleElement, type, text) {
  const { bpmnFactory, commandStack } = services;
  const extension = findExtension(moddleElement, type);
  const commands = [];
  if (!text) {
    if (extension) {
      commands.push(removeExtension(element, moddleElement, extension));
    }
  } else if (extension) {
    commands.push({ cmd: UPDATE, context: { element, moddleElement: extension, properties: { value: text } } });
  } else {
    addExtension(element, moddleElement, bpmnFactory.create(type, { value: text }), bpmnFactory, commands);
  }
  execute(commandStack, commands);
}

/** Set (or remove, when empty) one spiffworkflow:property of a task. */
export function setPropertyValue(services, element, moddleElement, name, value) {
  const { bpmnFactory, commandStack } = services;
  const commands = [];
  let properties = findExtension(moddleElement, 'spiffworkflow:Properties');
  const property = properties && properties.get('values').find((p) => p.get('name') === name);
  if (property && value) {
    commands.push({ cmd: UPDATE, context: { element, moddleElement: property, properties: { value } } });
  } else if (property) {
    commands.push(replaceValues(element, properties, properties.get('values').filter((p) => p !== property)));
  } else if (value) {
    if (!properties) {
      properties = bpmnFactory.create('spiffworkflow:Properties', { values: [] });
      addExtension(element, moddleElement, properties, bpmnFactory, commands);
    }
    const created = bpmnFactory.create('spiffworkflow:Property', { name, value });
    created.$parent = properties;
    commands.push(replaceValues(element, properties, [...properties.get('values'), created]));
  }
  execute(commandStack, commands);
}

/** The correlations of a message event definition as lines `property = expression`. */
export function correlationText(moddleElement) {
  return findExtensions(moddleElement, 'spiffworkflow:ProcessVariableCorrelation')
    .map((c) => `${c.get('propertyId') || ''} = ${c.get('expression') || ''}`)
    .join('\n');
}

/** Replace the correlations of a message event definition by the ones written as lines. */
export function setCorrelationText(services, element, moddleElement, text) {
  const { bpmnFactory, commandStack } = services;
  const commands = [];
  const others = extensionValues(moddleElement).filter((v) => !is(v, 'spiffworkflow:ProcessVariableCorrelation'));
  const wanted = text.split('\n').map((line) => line.split('=')).filter((parts) => parts[0].trim())
    .map(([propertyId, ...expression]) => bpmnFactory.create('spiffworkflow:ProcessVariableCorrelation', {
      propertyId: propertyId.trim(), expression: expression.join('=').trim() || propertyId.trim(),
    }));
  const extensionElements = ensureExtensionElements(element, moddleElement, bpmnFactory, commands);
  wanted.forEach((correlation) => { correlation.$parent = extensionElements; });
  commands.push(replaceValues(element, extensionElements, [...others, ...wanted]));
  execute(commandStack, commands);
}
