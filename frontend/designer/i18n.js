// Labels in the designer's two languages. Pactum's own labels and the parts of the bpmn-js / dmn-js /
// properties panel user interface a designer meets most; anything missing falls back to English.

const ZH_CN = {
  // Pactum's properties
  'Pactum': 'Pactum 设置',
  'Role': '角色',
  'A lane is a role: who may complete the tasks in it.': '泳道即角色：决定谁可以完成其中的任务。',
  'Condition (Python)': '条件（Python）',
  'A Python expression; the flow is taken when it is true, e.g. amount > 100000':
    'Python 表达式；为真时走这条路径，例如 amount > 100000',
  'Script (Python)': '脚本（Python）',
  'Pre-script (Python)': '前置脚本（Python）',
  'Runs before the task starts.': '在任务开始之前运行。',
  'Post-script (Python)': '后置脚本（Python）',
  'Runs after the task is completed.': '在任务完成之后运行。',
  'Scripts': '脚本',
  'Timer': '定时器',
  'Timer type': '定时器类型',
  'Date (timeDate)': '日期（timeDate）',
  'Duration (timeDuration)': '时长（timeDuration）',
  'Cycle (timeCycle)': '周期（timeCycle）',
  '<none>': '<无>',
  'Timer expression (Python)': '定时器表达式（Python）',
  'Python: a quoted ISO 8601 duration such as "P30D", or an expression that returns an ISO date string.':
    'Python：带引号的 ISO 8601 时长（如 "P30D"），或返回 ISO 日期字符串的表达式。',
  'Decision': '决策',
  'Called decision ID': '调用的决策 ID',
  'The id of a decision in a DMN table deployed with this process.': '与本流程一起部署的 DMN 决策表中的决策 ID。',
  'Human task': '人工任务',
  'Decisions': '可选决定',
  'Comma separated, e.g. approve,reject': '逗号分隔，例如 approve,reject',
  'Assignee (data path)': '处理人（数据路径）',
  'A path in the process data holding a user name, e.g. owner': '流程数据中保存用户名的路径，例如 owner',
  'Form fields': '表单字段',
  'name[:type][:required], comma separated, e.g. risk_notes:str,budget:decimal:required':
    'name[:类型][:required]，逗号分隔，例如 risk_notes:str,budget:decimal:required',
  'Due': '期限',
  'An ISO 8601 duration such as P2D, or a data path': 'ISO 8601 时长（如 P2D），或数据路径',
  'Reason (data path)': '原因（数据路径）',
  'Quorum (data path)': '法定人数（数据路径）',
  'Instructions for the user': '给处理人的说明',
  'Message': '消息',
  'Message variable': '消息变量',
  'The payload of the message is stored in this variable.': '消息内容保存在这个变量中。',
  'Message payload (Python)': '消息内容（Python）',
  'Correlation': '关联',
  'One per line: property = expression, e.g. contract_id = contract_id':
    '每行一条：属性 = 表达式，例如 contract_id = contract_id',
  'Problem': '问题',
  'Completed': '已完成',
  'Current': '进行中',
  'Waiting': '等待中',

  // bpmn-js, dmn-js and the properties panel
  'General': '常规',
  'Name': '名称',
  'ID': 'ID',
  'Documentation': '文档',
  'Element documentation': '元素文档',
  'Process documentation': '流程文档',
  'Executable': '可执行',
  'Version tag': '版本标签',
  'Multi-instance': '多实例',
  'Loop cardinality': '循环次数',
  'Completion condition': '完成条件',
  'Signal': '信号',
  'Error': '错误',
  'Escalation': '升级',
  'Link': '链接',
  'Compensation': '补偿',
  'Global message reference': '全局消息引用',
  'Global error reference': '全局错误引用',
  'Global signal reference': '全局信号引用',
  'Create new ...': '新建…',
  'Process': '流程',
  'Participant': '参与者',
  'Process ID': '流程 ID',
  'Process name': '流程名称',
  'Activate hand tool': '激活抓手工具',
  'Activate lasso tool': '激活套索工具',
  'Activate create/remove space tool': '激活创建/删除空间工具',
  'Activate global connect tool': '激活全局连接工具',
  'Create start event': '创建开始事件',
  'Create end event': '创建结束事件',
  'Create intermediate/boundary event': '创建中间/边界事件',
  'Create task': '创建任务',
  'Create gateway': '创建网关',
  'Create expanded sub-process': '创建展开的子流程',
  'Create pool/participant': '创建池/参与者',
  'Create data object reference': '创建数据对象引用',
  'Create data store reference': '创建数据存储引用',
  'Create group': '创建组',
  'Append task': '追加任务',
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append intermediate/boundary event': '追加中间/边界事件',
  'Append text annotation': '追加文本注释',
  'Connect using sequence/message flow or association': '使用顺序流/消息流或关联连接',
  'Connect using association': '使用关联连接',
  'Connect using data input association': '使用数据输入关联连接',
  'Change element': '更改元素',
  'Change type': '更改类型',
  'Delete': '删除',
  'Add lane above': '在上方添加泳道',
  'Add lane below': '在下方添加泳道',
  'Divide into two lanes': '拆分为两条泳道',
  'Divide into three lanes': '拆分为三条泳道',
  'Search in diagram': '在图中搜索',
  'Task': '任务',
  'User task': '用户任务',
  'Script task': '脚本任务',
  'Business rule task': '业务规则任务',
  'Service task': '服务任务',
  'Start event': '开始事件',
  'End event': '结束事件',
  'Exclusive gateway': '排他网关',
  'Parallel gateway': '并行网关',
  'Sequence flow': '顺序流',
  'Lane': '泳道',
  'Select a decision table': '选择决策表',
  'Hit policy:': '命中策略：',
  'Hit Policy:': '命中策略：',
  'Input': '输入',
  'Output': '输出',
  'Annotations': '注释',
  'Add rule': '添加规则',
  'Add Rule': '添加规则',
  'View DRD': '查看 DRD',
};

const DICTIONARIES = { zh_CN: ZH_CN };

/** A translate function for one locale, with bpmn-js's {placeholder} replacements. */
export function translator(locale) {
  const dictionary = DICTIONARIES[locale] || {};
  return function translate(template, replacements) {
    const text = dictionary[template] || template;
    return text.replace(/{([^}]+)}/g, (match, key) => {
      const value = replacements && replacements[key];
      return value === undefined ? match : String(value);
    });
  };
}

/** A diagram-js module that replaces the core translate service for one locale. */
export function translateModule(locale) {
  return { translate: ['value', translator(locale)] };
}
