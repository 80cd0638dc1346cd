"""A sample contract in the shapes the service passes in: the trial render of a template, tests and benchmarks."""

from datetime import date

CUSTOMER = {"code": "C-0042", "name": "上海星河贸易有限公司 (Shanghai Xinghe Trading Co., Ltd.)",
            "address": "上海市浦东新区世纪大道 100 号", "contact": "王晓明", "phone": "+86 21 5555 0100",
            "email": "wang@xinghe.example", "tax_id": "91310115MA1H7XXXX1"}
COMPANY = {"name": "Pactum Demo Ltd.", "address": "1 Example Road, Suzhou", "representative": "Li Hua",
           "tax_id": "91320500MA1XXXXX2"}
CONTRACT = {"number": "PC-2026-0007", "title": "Supply of industrial sensors", "kind": "sales",
            "amount": "123456.00", "currency": "CNY", "start_date": "2026-01-01", "end_date": "2027-12-31",
            "payment_terms_days": 30, "liability_capped": True, "liability_cap_amount": "123456.00",
            "governing_law": "CN", "owner": "Zhang Wei"}
PARENT = {"number": "PC-2025-0001", "title": "Framework agreement 2025", "start_date": "2025-01-01"}
LINE_ITEMS = [{"name": "Pressure sensor PS-200", "quantity": 100, "unit": "pcs", "unit_price": "1000.00"},
              {"name": "Installation service", "quantity": "2.5", "unit": "days", "unit_price": "9382.40"}]
KEY_DATES = [{"kind": "payment", "date": "2026-03-31", "amount": "61728.00", "label": "First instalment"},
             {"kind": "review", "date": "2027-06-30", "label": "Annual review"}]
TODAY = date(2026, 1, 1)


def sample_inputs(**changes):
    """Keyword arguments for context.build_context (without language), changed where asked."""
    inputs = {"customer": CUSTOMER, "company": COMPANY, "contract": CONTRACT, "parent": PARENT,
              "line_items": LINE_ITEMS, "key_dates": KEY_DATES, "today": TODAY}
    return {**inputs, **changes}
