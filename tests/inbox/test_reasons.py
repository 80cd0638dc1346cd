"""Why a task is in an inbox: the decision table's reasons with their values formatted for the reader."""

from service.inbox import reasons


def _reason(template_en, template_zh, **values):
    return [{"rule": "r", "level": "manager", "text": {"en": template_en, "zh_CN": template_zh}, "values": values}]


def test_amounts_and_countries_are_formatted_in_the_readers_language(app):
    reason = _reason("Amount {amount_cny} is below 100,000 CNY; law {governing_law}.",
                     "金额 {amount_cny} 低于 100,000 元；法律 {governing_law}。", amount_cny="45000.00",
                     amount="5000", currency="USD", governing_law="US-NY")
    assert reasons.render(reason, "en")[0]["text"] == "Amount ¥45,000.00 is below 100,000 CNY; law United States (NY)."
    assert reasons.render(reason, "zh_CN")[0]["text"] == "金额 ¥45,000.00 低于 100,000 元；法律 美国 (NY)。"


def test_texts_of_older_diagrams_do_not_name_the_currency_twice(app):
    reason = _reason("Amount {amount_cny} CNY is below 100,000 CNY.", "金额 {amount_cny} 元人民币低于 100,000 元。",
                     amount_cny="1234567.5")
    assert reasons.render(reason, "en")[0]["text"] == "Amount ¥1,234,567.50 is below 100,000 CNY."
    assert reasons.render(reason, "zh_CN")[0]["text"] == "金额 ¥1,234,567.50 低于 100,000 元。"


def test_the_task_page_and_the_api_show_the_formatted_reason(web_as, api_as, submitted):
    task = submitted[2]
    page = web_as("manager").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Amount ¥12,000.50 is below 100,000 CNY" in page and "12000.50" not in page
    listed = api_as("manager").get("/tasks").json[0]["reason"][0]
    assert listed["text"].startswith("Amount ¥12,000.50 is") and listed["values"]["amount_cny"] == "12000.50"
