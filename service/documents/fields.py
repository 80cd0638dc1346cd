"""The documented fields a template may use: one explicit table, described in English and Chinese.

A path names a field as a template writes it; `line_items[].name` is the `name` of one item in
`{%tr for item in line_items %}` (written `item.name` there). Every value a template receives is text
(already formatted for the document's language), a yes/no flag, a group of fields or a list of groups.
"""

import difflib
from dataclasses import dataclass

TEXT, FLAG, GROUP, LIST = "text", "flag", "group", "list"
CLAUSE_SLOTS = ("liability", "governing_law", "payment")  # the shipped clause library fills these


@dataclass(frozen=True)
class Field:
    path: str
    type: str
    en: str
    zh: str


def _fields(*rows):
    return {path: Field(path, type_, en, zh) for path, type_, en, zh in rows}


FIELDS = _fields(
    ("customer", GROUP, "The customer (the other party)", "客户（合同相对方）"),
    ("customer.code", TEXT, "Customer code", "客户编号"),
    ("customer.name", TEXT, "Customer name", "客户名称"),
    ("customer.address", TEXT, "Customer address", "客户地址"),
    ("customer.contact", TEXT, "Customer contact person", "客户联系人"),
    ("customer.phone", TEXT, "Customer phone", "客户电话"),
    ("customer.email", TEXT, "Customer e-mail", "客户电子邮箱"),
    ("customer.tax_id", TEXT, "Customer tax ID (unified social credit code)", "客户统一社会信用代码"),
    ("contract", GROUP, "The contract", "合同"),
    ("contract.number", TEXT, "Contract number", "合同编号"),
    ("contract.title", TEXT, "Contract title", "合同名称"),
    ("contract.kind", TEXT, "Kind of contract, in the document's language", "合同类型（文档语言）"),
    ("contract.currency", TEXT, "Currency code, e.g. CNY", "币种代码，如 CNY"),
    ("contract.currency_name", TEXT, "Currency name, e.g. Chinese yuan", "币种名称，如人民币"),
    ("contract.amount", TEXT, "Amount in figures: CNY 123,456.00 (en), ¥123,456.00 (zh)",
     "小写金额：CNY 123,456.00（英文）、¥123,456.00（中文）"),
    ("contract.amount_figures", TEXT, "Amount with the currency symbol: ¥123,456.00", "带货币符号的金额：¥123,456.00"),
    ("contract.amount_number", TEXT, "Amount without currency: 123,456.00", "不带币种的金额：123,456.00"),
    ("contract.amount_in_words", TEXT, "Amount in words: English words (en), capital numerals (zh)",
     "大写金额：英文文字（英文）、人民币壹拾贰万叁仟肆佰伍拾陆元整（中文）"),
    ("contract.amount_in_capitals", TEXT, "Amount in Chinese capital numerals, in any language",
     "中文大写金额（任何语言）"),
    ("contract.start_date", TEXT, "Start (effective) date", "生效日期"),
    ("contract.end_date", TEXT, "End (expiry) date", "到期日期"),
    ("contract.payment_terms_days", TEXT, "Payment terms in days", "付款期限（天）"),
    ("contract.liability_capped", FLAG, "Whether liability is capped (yes/no)", "是否设有责任上限（是/否）"),
    ("contract.liability_cap", TEXT, "Liability cap in figures (empty when uncapped)", "责任上限金额（无上限时为空）"),
    ("contract.liability_cap_in_words", TEXT, "Liability cap in words (empty when uncapped)",
     "责任上限大写金额（无上限时为空）"),
    ("contract.governing_law", TEXT, "Governing law, e.g. the People's Republic of China",
     "适用法律，如中华人民共和国"),
    ("contract.governing_law_code", TEXT, "Governing law code, e.g. CN", "适用法律代码，如 CN"),
    ("contract.owner", TEXT, "Name of the contract's owner", "合同负责人姓名"),
    ("parent", GROUP, "The contract an order or amendment belongs to (empty otherwise)", "订单或补充协议所属的原合同"),
    ("parent.number", TEXT, "Number of the parent contract", "原合同编号"),
    ("parent.title", TEXT, "Title of the parent contract", "原合同名称"),
    ("parent.start_date", TEXT, "Start date of the parent contract", "原合同生效日期"),
    ("line_items", LIST, "Line items: loop with {%tr for item in line_items %}",
     "明细行：用 {%tr for item in line_items %} 循环"),
    ("line_items[].number", TEXT, "Position of the item, from 1", "序号（从 1 开始）"),
    ("line_items[].name", TEXT, "Item name", "品名"),
    ("line_items[].quantity", TEXT, "Quantity", "数量"),
    ("line_items[].unit", TEXT, "Unit, e.g. pcs", "单位"),
    ("line_items[].unit_price", TEXT, "Unit price in figures", "单价"),
    ("line_items[].amount", TEXT, "Line amount in figures", "金额"),
    ("line_items_total", TEXT, "Sum of the line amounts in figures", "明细合计金额"),
    ("key_dates", LIST, "Key dates: loop with {% for date in key_dates %}",
     "关键日期：用 {% for date in key_dates %} 循环"),
    ("key_dates[].kind", TEXT, "Kind of key date, in the document's language", "关键日期类型"),
    ("key_dates[].date", TEXT, "The date", "日期"),
    ("key_dates[].amount", TEXT, "Amount due on that date (payments only)", "该日应付金额（仅付款）"),
    ("key_dates[].label", TEXT, "Label", "说明"),
    ("clauses", GROUP, "Clauses chosen from the clause library, by slot", "条款库中选定的条款（按位置）"),
    ("clauses.liability", TEXT, "Liability clause (capped by amount tier)", "责任限制条款（按金额分档）"),
    ("clauses.governing_law", TEXT, "Governing law and disputes clause", "适用法律与争议解决条款"),
    ("clauses.payment", TEXT, "Payment clause (standard or extended terms)", "付款条款（标准或延长账期）"),
    ("company", GROUP, "Our company (the other signing party)", "我方公司"),
    ("company.name", TEXT, "Company name", "公司名称"),
    ("company.address", TEXT, "Company address", "公司地址"),
    ("company.representative", TEXT, "Legal representative or signatory", "法定代表人或授权代表"),
    ("company.tax_id", TEXT, "Company tax ID (unified social credit code)", "公司统一社会信用代码"),
    ("today", TEXT, "Date the document is generated", "文档生成日期"),
    ("language", TEXT, "Language of the document: en or zh_CN", "文档语言：en 或 zh_CN"),
)


def children(path, *, fields=FIELDS):
    """The fields directly under a group or list path, e.g. children('contract') -> contract.number, ..."""
    prefix = f"{path}[]." if fields[path].type == LIST else f"{path}."
    return [name for name in fields if name.startswith(prefix) and "." not in name[len(prefix):]]


def suggest(path, *, fields=FIELDS):
    """The documented field closest to a mistyped path, or None."""
    parent = path.rsplit(".", 1)[0].removesuffix("[]") if "." in path else None
    pool = children(parent, fields=fields) if parent in fields else [p for p in fields if "." not in p]
    match = difflib.get_close_matches(path, pool, n=1, cutoff=0.6)
    return match[0] if match else None


def with_clause_slots(slots, *, fields=FIELDS):
    """The field table with clause slots beyond the shipped ones (a clause library may add slots)."""
    extra = {f"clauses.{slot}": Field(f"clauses.{slot}", TEXT, f"Clause '{slot}'", f"条款“{slot}”")
             for slot in slots if f"clauses.{slot}" not in fields}
    return {**fields, **extra} if extra else fields
