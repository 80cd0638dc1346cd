"""The English shipped templates' wording. A section is (heading, [paragraph or table marker, ...])."""

LINE_ITEMS, KEY_DATES = "<line items>", "<key dates>"

TEXTS = {
    "number": "Contract No.: {{ contract.number }}",
    "date": "Date: {{ today }}",
    "customer": ("Customer", [
        "{{ customer.name }}", "Address: {{ customer.address }}", "Unified social credit code: {{ customer.tax_id }}",
        "Contact: {{ customer.contact }}, {{ customer.phone }}, {{ customer.email }}"]),
    "supplier": ("Supplier", [
        "{{ company.name }}", "Address: {{ company.address }}", "Unified social credit code: {{ company.tax_id }}",
        "Authorised representative: {{ company.representative }}"]),
    "items": ("No.", "Item", "Quantity", "Unit", "Unit price", "Amount", "Total"),
    "dates": ("Key date", "Date", "Amount", "Note"),
    "sign": ("For the Customer", "For the Supplier", "Authorised signature:", "Name: ", "Date:", "Seal:"),
    "closing": "IN WITNESS WHEREOF the parties have signed this agreement on the dates written below.",
}

TITLES = {"sales": "SALES CONTRACT", "service": "SERVICE AGREEMENT", "nda": "NON-DISCLOSURE AGREEMENT",
          "framework": "FRAMEWORK AGREEMENT", "order": "PURCHASE ORDER", "amendment": "AMENDMENT AGREEMENT"}

RECITALS = {
    "sales": "The Customer wishes to buy and the Supplier agrees to sell the goods described below. After "
             "friendly consultation on the basis of equality and mutual benefit, the parties agree as follows.",
    "service": "The Customer wishes to engage the Supplier to provide the services described below, and the "
               "Supplier has the skills and resources to provide them. The parties therefore agree as follows.",
    "nda": "The parties intend to discuss and evaluate a possible business relationship ({{ contract.title }}) and "
           "will for that purpose disclose confidential information to each other. They agree as follows.",
    "framework": "The parties intend to cooperate over a longer period. This framework agreement sets the terms "
                 "that apply to every order the Customer places with the Supplier under it.",
    "order": "This order is placed under the framework agreement {{ parent.title }} (No. {{ parent.number }}) "
             "dated {{ parent.start_date }}, whose terms apply to it unless this order says otherwise.",
    "amendment": "The parties entered into the contract {{ parent.title }} (No. {{ parent.number }}) dated "
                 "{{ parent.start_date }} (the Original Contract) and now wish to amend it as set out below.",
}

PRICE = ("Price and payment", [
    "The total contract amount is {{ contract.amount }} (in words: {{ contract.amount_in_words }}), "
    "inclusive of value-added tax.",
    "{{ clauses.payment }}"])
TERM = ("Term", ["This agreement takes effect on {{ contract.start_date }} and remains in force until "
                 "{{ contract.end_date }}, unless terminated earlier in accordance with its terms."])
LIABILITY = ("Liability", ["{{ clauses.liability }}"])
LAW = ("Governing law and disputes", ["{{ clauses.governing_law }}"])
GENERAL = ("General provisions", [
    "This agreement is the entire agreement between the parties on its subject and supersedes all earlier "
    "discussions and agreements on it. Any change must be agreed in writing and signed by both parties.",
    "This agreement is made in two counterparts of equal force; each party keeps one."])

SECTIONS = {
    "sales": [
        ("Goods", ["The Supplier shall deliver the following goods to the Customer:", LINE_ITEMS]),
        PRICE,
        ("Delivery and acceptance", [
            "The Supplier shall deliver the goods to the Customer's address stated above. The Customer shall "
            "inspect the goods within seven days of delivery and notify any defect in writing; goods not "
            "rejected within that period are accepted.",
            "Risk in the goods passes to the Customer on delivery; title passes on full payment."]),
        ("Key dates", [KEY_DATES]),
        ("Warranty", ["The Supplier warrants that the goods conform to the agreed specifications and are free "
                      "from defects in material and workmanship for twelve months from acceptance."]),
        TERM, LIABILITY, LAW, GENERAL],
    "service": [
        ("Services", ["The Supplier shall provide the following services ({{ contract.title }}) with due skill "
                      "and care and in accordance with good industry practice."]),
        PRICE,
        ("Schedule and key dates", [KEY_DATES]),
        ("Acceptance", ["The Customer shall review each deliverable within ten working days of receipt and "
                        "either accept it or state in writing in what respect it does not meet the agreed "
                        "requirements."]),
        ("Intellectual property", ["Rights in deliverables created specifically for the Customer pass to the "
                                   "Customer on full payment. The Supplier keeps its pre-existing materials and "
                                   "grants the Customer a licence to use them as part of the deliverables."]),
        TERM, LIABILITY, LAW, GENERAL],
    "nda": [
        ("Confidential information", [
            "Confidential information means all information disclosed by one party to the other in connection "
            "with the purpose above, in any form, that is marked as confidential or would reasonably be "
            "understood to be confidential."]),
        ("Obligations", [
            "The receiving party shall keep the confidential information secret, use it only for the purpose "
            "above and disclose it only to its employees and advisers who need to know it and are bound by "
            "equivalent obligations.",
            "These obligations do not apply to information that is or becomes public without breach, was "
            "lawfully known to the receiving party before disclosure, or must be disclosed by law."]),
        ("Return of information", ["On request, and in any event at the end of this agreement, the receiving "
                                   "party shall return or destroy all confidential information."]),
        ("Term", ["This agreement takes effect on {{ contract.start_date }} and ends on {{ contract.end_date }}. "
                  "The obligations of confidentiality survive for three years after its end."]),
        LIABILITY, LAW, GENERAL],
    "framework": [
        ("Scope", ["This agreement governs the supply of goods and services by the Supplier to the Customer "
                   "under individual orders. An order is binding once signed by both parties and refers to "
                   "this agreement ({{ contract.number }})."]),
        ("Volume and prices", [
            "The parties expect the total value of orders under this agreement to be {{ contract.amount }} "
            "(in words: {{ contract.amount_in_words }}). This figure is an estimate and does not oblige the "
            "Customer to place orders.",
            "{{ clauses.payment }}"]),
        ("Key dates", [KEY_DATES]),
        TERM, LIABILITY, LAW, GENERAL],
    "order": [
        ("Ordered goods and services", [LINE_ITEMS]),
        PRICE,
        ("Delivery", ["Delivery is due between {{ contract.start_date }} and {{ contract.end_date }} at the "
                      "Customer's address stated above, unless the parties agree otherwise in writing."]),
        LIABILITY, LAW,
        ("Framework agreement", ["Where this order and the framework agreement differ, this order prevails for "
                                 "the goods and services it lists."])],
    "amendment": [
        ("Amendments", [
            "The contract amount of the Original Contract is amended to {{ contract.amount }} "
            "(in words: {{ contract.amount_in_words }}).",
            "The term of the Original Contract is amended to run from {{ contract.start_date }} until "
            "{{ contract.end_date }}.",
            "{{ clauses.payment }}"]),
        LIABILITY, LAW,
        ("Other terms", ["All other terms of the Original Contract remain unchanged. This amendment forms an "
                         "integral part of the Original Contract and takes effect on signature by both parties."])],
}
