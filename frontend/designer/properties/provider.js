// Properties panel entries for what Pactum runs, added to the standard BPMN groups.
import { h } from '@bpmn-io/properties-panel/preact';
import {
  Group, SelectEntry, TextAreaEntry, TextFieldEntry,
  isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

import {
  correlationText, extensionText, propertyValue, setCorrelationText, setExtensionText, setPropertyValue,
} from './extensions';

const TIMER_TYPES = ['timeDate', 'timeDuration', 'timeCycle'];
const TIMER_LABELS = { timeDate: 'Date (timeDate)', timeDuration: 'Duration (timeDuration)', timeCycle: 'Cycle (timeCycle)' };

// The spiffworkflow:property names a Pactum user task reads (service/inbox: decisions, assignee, fields ...).
const USER_TASK_PROPERTIES = [
  { name: 'decisions', label: 'Decisions', description: 'Comma separated, e.g. approve,reject' },
  { name: 'assignee', label: 'Assignee (data path)',
    description: 'A path in the process data holding a user name, e.g. owner' },
  { name: 'fields', label: 'Form fields',
    description: 'name[:type][:required], comma separated, e.g. risk_notes:str,budget:decimal:required' },
  { name: 'due', label: 'Due', description: 'An ISO 8601 duration such as P2D, or a data path' },
  { name: 'reason', label: 'Reason (data path)' },
  { name: 'quorum', label: 'Quorum (data path)' },
];

/** One entry: a text field, a text area (Python) or a select, reading and writing through the given functions. */
function PactumEntry(props) {
  const { element, id, label, description, read, write, kind, options } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const services = {
    bpmnFactory: useService('bpmnFactory'), commandStack: useService('commandStack'), modeling: useService('modeling'),
  };
  // A cleared field gives undefined: writers always get a string.
  const common = {
    element, id, label: translate(label), description: description && translate(description),
    getValue: () => read(element), setValue: (value) => write(services, element, value || ''),
  };
  if (kind === 'select') {
    return h(SelectEntry, { ...common, getOptions: () => options(translate, element) });
  }
  if (kind === 'area') {
    return h(TextAreaEntry, { ...common, debounce, monospace: true, rows: 3, autoResize: true });
  }
  return h(TextFieldEntry, { ...common, debounce });
}

const EDITED = { select: isSelectEntryEdited, area: isTextAreaEntryEdited, text: isTextFieldEntryEdited };

function entry(element, fields) {
  return { element, component: PactumEntry, kind: 'text', isEdited: EDITED[fields.kind || 'text'], ...fields };
}

function group(id, label, entries) {
  return { id, label, entries, component: Group };
}

function eventDefinition(element, type) {
  const definitions = getBusinessObject(element).get('eventDefinitions') || [];
  return definitions.find((definition) => is(definition, type));
}

function roleGroup(element, roles) {
  const options = (translate, lane) => {
    const current = getBusinessObject(lane).get('name') || '';
    const names = current && !roles.includes(current) ? [current, ...roles] : roles;
    return [{ value: '', label: translate('<none>') }, ...names.map((role) => ({ value: role, label: role }))];
  };
  return group('pactum-role', 'Role', [entry(element, {
    id: 'pactum-lane-role', kind: 'select', label: 'Role', options,
    description: 'A lane is a role: who may complete the tasks in it.',
    read: (lane) => getBusinessObject(lane).get('name') || '',
    write: ({ modeling }, lane, value) => modeling.updateProperties(lane, { name: value || undefined }),
  })]);
}

function conditionEntry(element) {
  return entry(element, {
    id: 'pactum-condition', kind: 'area', label: 'Condition (Python)',
    description: 'A Python expression; the flow is taken when it is true, e.g. amount > 100000',
    read: (flow) => {
      const expression = getBusinessObject(flow).get('conditionExpression');
      return (expression && expression.get('body')) || '';
    },
    write: ({ bpmnFactory, modeling }, flow, value) => {
      const conditionExpression = value ? bpmnFactory.create('bpmn:FormalExpression', { body: value }) : undefined;
      modeling.updateProperties(flow, { conditionExpression });
    },
  });
}

function takesConditions(flow) {
  const source = flow.source;
  return source && (is(source, 'bpmn:ExclusiveGateway') || is(source, 'bpmn:InclusiveGateway')
    || is(source, 'bpmn:Activity'));
}

function scriptEntries(element) {
  const entries = [];
  if (is(element, 'bpmn:ScriptTask')) {
    entries.push(entry(element, {
      id: 'pactum-script', kind: 'area', label: 'Script (Python)',
      read: (task) => getBusinessObject(task).get('script') || '',
      write: ({ modeling }, task, value) => modeling.updateProperties(task, { script: value || undefined }),
    }));
  }
  const extension = (id, type, label, description) => entry(element, {
    id, kind: 'area', label, description,
    read: (task) => extensionText(getBusinessObject(task), type),
    write: (services, task, value) => setExtensionText(services, task, getBusinessObject(task), type, value),
  });
  entries.push(extension('pactum-pre-script', 'spiffworkflow:PreScript', 'Pre-script (Python)',
    'Runs before the task starts.'));
  entries.push(extension('pactum-post-script', 'spiffworkflow:PostScript', 'Post-script (Python)',
    'Runs after the task is completed.'));
  return entries;
}

function timerType(definition) {
  return TIMER_TYPES.find((type) => definition.get(type)) || '';
}

function timerGroup(element, definition) {
  const setTimer = ({ bpmnFactory, commandStack }, event, type, body) => {
    const properties = Object.fromEntries(TIMER_TYPES.map((t) => [t, undefined]));
    if (type) {
      properties[type] = bpmnFactory.create('bpmn:FormalExpression', { body: body || '' });
      properties[type].$parent = definition;
    }
    commandStack.execute('element.updateModdleProperties', { element: event, moddleElement: definition, properties });
  };
  const expression = () => {
    const type = timerType(definition);
    return (type && definition.get(type).get('body')) || '';
  };
  const entries = [entry(element, {
    id: 'pactum-timer-type', kind: 'select', label: 'Timer type',
    options: (translate) => [{ value: '', label: translate('<none>') },
      ...TIMER_TYPES.map((type) => ({ value: type, label: translate(TIMER_LABELS[type]) }))],
    read: () => timerType(definition),
    write: (services, event, type) => setTimer(services, event, type, expression()),
  })];
  if (timerType(definition)) {
    entries.push(entry(element, {
      id: 'pactum-timer-expression', kind: 'text', label: 'Timer expression (Python)',
      description: 'Python: a quoted ISO 8601 duration such as "P30D", or an expression that returns an ISO date string.',
      read: expression,
      write: (services, event, value) => setTimer(services, event, timerType(definition), value),
    }));
  }
  return group('pactum-timer', 'Timer', entries);
}

function decisionGroup(element) {
  return group('pactum-decision', 'Decision', [entry(element, {
    id: 'pactum-called-decision', label: 'Called decision ID',
    description: 'The id of a decision in a DMN table deployed with this process.',
    read: (task) => extensionText(getBusinessObject(task), 'spiffworkflow:CalledDecisionId'),
    write: (services, task, value) => setExtensionText(services, task, getBusinessObject(task),
      'spiffworkflow:CalledDecisionId', value.trim()),
  })]);
}

function userTaskGroup(element) {
  const entries = USER_TASK_PROPERTIES.map(({ name, label, description }) => entry(element, {
    id: `pactum-property-${name}`, label, description,
    read: (task) => propertyValue(getBusinessObject(task), name),
    write: (services, task, value) => setPropertyValue(services, task, getBusinessObject(task), name, value.trim()),
  }));
  entries.push(entry(element, {
    id: 'pactum-instructions', kind: 'area', label: 'Instructions for the user',
    read: (task) => extensionText(getBusinessObject(task), 'spiffworkflow:InstructionsForEndUser'),
    write: (services, task, value) => setExtensionText(services, task, getBusinessObject(task),
      'spiffworkflow:InstructionsForEndUser', value),
  }));
  return group('pactum-user-task', 'Human task', entries);
}

function messageEntries(element, definition) {
  const text = (id, type, label, description) => entry(element, {
    id, label, description, kind: type === 'spiffworkflow:MessagePayload' ? 'area' : 'text',
    read: () => extensionText(definition, type),
    write: (services, event, value) => setExtensionText(services, event, definition, type, value),
  });
  const entries = [];
  if (is(element, 'bpmn:CatchEvent')) {
    entries.push(text('pactum-message-variable', 'spiffworkflow:MessageVariable', 'Message variable',
      'The payload of the message is stored in this variable.'));
  } else {
    entries.push(text('pactum-message-payload', 'spiffworkflow:MessagePayload', 'Message payload (Python)'));
  }
  entries.push(entry(element, {
    id: 'pactum-correlation', kind: 'area', label: 'Correlation',
    description: 'One per line: property = expression, e.g. contract_id = contract_id',
    read: () => correlationText(definition),
    write: (services, event, value) => setCorrelationText(services, event, definition, value),
  }));
  return entries;
}

/** The groups Pactum adds for one element (the standard groups stay). */
function pactumGroups(element, roles) {
  const groups = [];
  if (is(element, 'bpmn:Lane')) {
    groups.push(roleGroup(element, roles));
  }
  if (is(element, 'bpmn:SequenceFlow') && takesConditions(element)) {
    groups.push(group('pactum-condition', 'Condition (Python)', [conditionEntry(element)]));
  }
  if (is(element, 'bpmn:UserTask')) {
    groups.push(userTaskGroup(element));
  }
  if (is(element, 'bpmn:BusinessRuleTask')) {
    groups.push(decisionGroup(element));
  }
  if (is(element, 'bpmn:Activity') && !is(element, 'bpmn:CallActivity')) {
    groups.push(group('pactum-scripts', 'Scripts', scriptEntries(element)));
  }
  const timer = is(element, 'bpmn:Event') && eventDefinition(element, 'bpmn:TimerEventDefinition');
  if (timer) {
    groups.push(timerGroup(element, timer));
  }
  return groups;
}

export default class PactumPropertiesProvider {
  constructor(propertiesPanel, translate, config) {
    this._translate = translate;
    this._roles = (config && config.roles) || [];
    propertiesPanel.registerProvider(500, this); // a lower priority than the standard provider: runs after it
  }

  getGroups(element) {
    return (groups) => {
      const translate = this._translate;
      const ours = pactumGroups(element, this._roles).map((g) => ({ ...g, label: translate(g.label) }));
      // Pactum's timer group says what a Python timer expression looks like; the standard one would repeat it.
      const kept = groups.filter((g) => !(g.id === 'timer' && ours.some((o) => o.id === 'pactum-timer')));
      const message = is(element, 'bpmn:Event') && eventDefinition(element, 'bpmn:MessageEventDefinition');
      if (message) {
        const standard = kept.find((g) => g.id === 'message');
        const entries = messageEntries(element, message);
        if (standard) {
          standard.entries = [...standard.entries, ...entries];
        } else {
          ours.push({ ...group('pactum-message', translate('Message'), entries) });
        }
      }
      const general = kept.findIndex((g) => g.id === 'general');
      kept.splice(general + 1, 0, ...ours); // right under General, where a designer looks first
      return kept;
    };
  }
}

PactumPropertiesProvider.$inject = ['propertiesPanel', 'translate', 'config.pactum'];
