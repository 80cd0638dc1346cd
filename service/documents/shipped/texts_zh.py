"""中文内置模板的文字。每节为（标题，[段落或表格标记, ...]）。"""

from .texts_en import KEY_DATES, LINE_ITEMS

TEXTS = {
    "number": "合同编号：{{ contract.number }}",
    "date": "签订日期：{{ today }}",
    "customer": ("甲方（需方）", [
        "{{ customer.name }}", "地址：{{ customer.address }}", "统一社会信用代码：{{ customer.tax_id }}",
        "联系人：{{ customer.contact }}　电话：{{ customer.phone }}　邮箱：{{ customer.email }}"]),
    "supplier": ("乙方（供方）", [
        "{{ company.name }}", "地址：{{ company.address }}", "统一社会信用代码：{{ company.tax_id }}",
        "法定代表人或授权代表：{{ company.representative }}"]),
    "items": ("序号", "品名", "数量", "单位", "单价", "金额", "合计"),
    "dates": ("关键日期", "日期", "金额", "说明"),
    "sign": ("甲方（盖章）", "乙方（盖章）", "授权代表（签字）：", "姓名：", "日期：", "盖章："),
    "closing": "双方授权代表于下列日期签署本合同，以资信守。",
}

TITLES = {"sales": "销售合同", "service": "服务协议", "nda": "保密协议", "framework": "框架协议",
          "order": "采购订单", "amendment": "补充协议"}

ORDINALS = "一二三四五六七八九十"

RECITALS = {
    "sales": "甲乙双方本着平等自愿、互利互惠的原则，经友好协商，就甲方向乙方购买下列货物事宜达成如下协议，"
             "以资共同遵守。",
    "service": "甲方拟委托乙方提供下列服务，乙方具备提供该等服务的能力和资源。双方经友好协商，达成如下协议。",
    "nda": "双方拟就“{{ contract.title }}”事宜进行洽谈和评估，并为此相互披露保密信息。为保护双方的保密信息，"
           "双方达成如下协议。",
    "framework": "双方拟建立长期合作关系。本框架协议约定适用于甲方依据本协议向乙方发出的每一份订单的条款。",
    "order": "本订单依据双方于{{ parent.start_date }}签订的《{{ parent.title }}》（编号：{{ parent.number }}）订立，"
             "除本订单另有约定外，适用该框架协议的条款。",
    "amendment": "双方于{{ parent.start_date }}签订了《{{ parent.title }}》（编号：{{ parent.number }}，以下简称"
                 "“原合同”），现经友好协商，就原合同的变更达成如下补充协议。",
}

PRICE = ("价格与付款", [
    "本合同总金额为{{ contract.amount }}（大写：{{ contract.amount_in_words }}），含增值税。",
    "{{ clauses.payment }}"])
TERM = ("合同期限", ["本合同自{{ contract.start_date }}起生效，有效期至{{ contract.end_date }}止，"
                     "依本合同约定提前终止的除外。"])
LIABILITY = ("责任限制", ["{{ clauses.liability }}"])
LAW = ("适用法律与争议解决", ["{{ clauses.governing_law }}"])
GENERAL = ("其他", [
    "本合同构成双方就本合同事项达成的完整协议，取代此前双方就该事项所作的一切讨论和约定。"
    "对本合同的任何变更须经双方书面签署方为有效。",
    "本合同一式两份，双方各执一份，具有同等法律效力。"])

SECTIONS = {
    "sales": [
        ("合同标的", ["乙方向甲方供应下列货物：", LINE_ITEMS]),
        PRICE,
        ("交付与验收", [
            "乙方应将货物交付至甲方上述地址。甲方应在交付后七日内对货物进行检验，如有质量问题应书面通知乙方；"
            "逾期未提出异议的，视为验收合格。",
            "货物毁损、灭失的风险自交付时转移至甲方；货物所有权自甲方付清全部货款时转移至甲方。"]),
        ("关键日期", [KEY_DATES]),
        ("质量保证", ["乙方保证货物符合约定的规格，自验收合格之日起十二个月内不存在材料和工艺缺陷。"]),
        TERM, LIABILITY, LAW, GENERAL],
    "service": [
        ("服务内容", ["乙方应以应有的专业技能和谨慎，按照良好的行业惯例，向甲方提供“{{ contract.title }}”服务。"]),
        PRICE,
        ("进度与关键日期", [KEY_DATES]),
        ("验收", ["甲方应在收到每项交付成果后十个工作日内进行审查，予以验收或书面说明其不符合约定要求之处。"]),
        ("知识产权", ["专为甲方创作的交付成果的知识产权自甲方付清全部款项时归甲方所有。乙方保留其既有材料的"
                      "权利，并许可甲方在交付成果中使用该等材料。"]),
        TERM, LIABILITY, LAW, GENERAL],
    "nda": [
        ("保密信息", ["保密信息是指一方因上述目的以任何形式向另一方披露的、标明为保密或依合理判断应属保密的"
                      "一切信息。"]),
        ("保密义务", [
            "接收方应对保密信息严格保密，仅为上述目的使用，且仅向因该目的需要知悉并负有同等保密义务的员工"
            "和顾问披露。",
            "下列信息不适用上述义务：非因违约而已经或成为公开的信息；接收方在披露前已合法知悉的信息；"
            "依法律规定必须披露的信息。"]),
        ("信息返还", ["经披露方要求，且无论如何在本协议终止时，接收方应返还或销毁全部保密信息。"]),
        ("协议期限", ["本协议自{{ contract.start_date }}起生效，至{{ contract.end_date }}终止。保密义务在本协议"
                      "终止后继续有效三年。"]),
        LIABILITY, LAW, GENERAL],
    "framework": [
        ("适用范围", ["本协议适用于乙方依据具体订单向甲方供应货物和服务。订单经双方签署后生效，并应注明"
                      "本协议编号（{{ contract.number }}）。"]),
        ("采购规模与价格", [
            "双方预计本协议项下订单总金额为{{ contract.amount }}（大写：{{ contract.amount_in_words }}）。"
            "该金额仅为预估，并不构成甲方下达订单的义务。",
            "{{ clauses.payment }}"]),
        ("关键日期", [KEY_DATES]),
        TERM, LIABILITY, LAW, GENERAL],
    "order": [
        ("订购货物与服务", [LINE_ITEMS]),
        PRICE,
        ("交付", ["除双方另行书面约定外，乙方应于{{ contract.start_date }}至{{ contract.end_date }}期间"
                  "将货物交付至甲方上述地址。"]),
        LIABILITY, LAW,
        ("与框架协议的关系", ["本订单与框架协议不一致的，就本订单所列货物和服务以本订单为准。"])],
    "amendment": [
        ("变更内容", [
            "原合同金额变更为{{ contract.amount }}（大写：{{ contract.amount_in_words }}）。",
            "原合同期限变更为自{{ contract.start_date }}起至{{ contract.end_date }}止。",
            "{{ clauses.payment }}"]),
        LIABILITY, LAW,
        ("其他条款", ["原合同其他条款不变。本补充协议为原合同不可分割的组成部分，自双方签署之日起生效。"])],
}
