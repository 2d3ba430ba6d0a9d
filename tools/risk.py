"""Order risk: explainable facts, each with a weight and a plain sentence. Pure Python.

``score_order(order, history, settings)`` reads plain dicts:

* ``order``: ``total``, ``email``, ``billing_country``, ``shipping_country``,
  ``lines`` (``sku``, ``quantity``, ``price_unit`` net of discount, ``cost``), ``date``
  (a datetime);
* ``history``: ``customer_totals`` (the customer's last order totals),
  ``store_totals`` (the store's last totals), ``sku_quantities`` ({sku: [quantities]}),
  ``customer_quantities`` (the customer's last line quantities),
  ``email_dates`` (dates of the recent orders from the same email);
* ``settings``: thresholds ``low``/``medium``/``high`` and ``window_minutes``.

Totals are compared with a robust z score, (x - median) / (1.4826 * MAD): the median and
the median absolute deviation are not dragged by the outliers they must reveal.
"""

from datetime import timedelta
from statistics import median

from ..connectors.errors import _lt, render

DEFAULTS = {"low": 20, "medium": 40, "high": 60, "window_minutes": 60}
LEVELS = ("none", "low", "medium", "high")
MAD_SCALE = 1.4826
Z_LIMIT = 3.5  # Iglewicz and Hoaglin: a modified z above 3.5 is an outlier.
MIN_CUSTOMER_ORDERS = 3
SOLID_CUSTOMER_ORDERS = 5
MIN_STORE_ORDERS = 10
MIN_SKU_ORDERS = 5
VELOCITY_ORDERS = 3
STORE_RATIO = 5  # earlier orders from one email inside the window


def fmt(amount):
    return f"{amount:,.2f}"


def robust_z(value, history, floor_ratio=0.1):
    """(z, median) of ``value`` against ``history``; the MAD never goes below
    ``floor_ratio`` of the median (a customer always paying 50.00 has a MAD of 0)."""
    center = median(history)
    mad = median(abs(x - center) for x in history)
    spread = max(MAD_SCALE * mad, floor_ratio * abs(center), 1e-9)
    return (value - center) / spread, center


def fact(code, weight, sentence):
    """A fact; its ``sentence``, a lazy translation, is rendered by ``score_order``."""
    return {"code": code, "weight": weight, "sentence": sentence}


def compared(order, ratio, center):
    """The words of a total compared with a median: the total, the ratio, the median."""
    return {"total": fmt(order["total"]), "ratio": f"{ratio:.1f}", "median": fmt(center)}


def customer_total(order, history):
    """Total far above the customer's usual orders."""
    totals = history.get("customer_totals") or []
    if len(totals) < MIN_CUSTOMER_ORDERS:
        return None
    # A customer's totals commonly vary by half their median: the spread never goes below.
    z, center = robust_z(order["total"], totals, floor_ratio=0.5)
    ratio = order["total"] / center if center > 0 else 0.0
    if z < Z_LIMIT or ratio < 3:
        return None
    strong = ratio >= (6 if len(totals) >= SOLID_CUSTOMER_ORDERS else 10)
    weight = 65 if strong else 40
    z_text = f"{z:.1f}"  # formatted outside the message: the extractor reads its arguments
    return fact(
        "customer_total",
        weight,
        _lt(
            "Total %(total)s is %(ratio)s times this customer's median of %(median)s "
            "(robust z %(z)s over %(count)s orders).",
            z=z_text,
            count=len(totals),
            **compared(order, ratio, center),
        ),
    )


def store_total(order, history):
    """A new customer's total far above the store's usual orders."""
    if len(history.get("customer_totals") or []) >= MIN_CUSTOMER_ORDERS:
        return None
    totals = history.get("store_totals") or []
    if len(totals) < MIN_STORE_ORDERS:
        return None
    z, center = robust_z(order["total"], totals)
    ratio = order["total"] / center if center > 0 else 0.0
    if z < Z_LIMIT or ratio < STORE_RATIO:
        return None
    return fact(
        "store_total",
        40,
        _lt(
            "Total %(total)s is %(ratio)s times the store's median order of %(median)s "
            "and the customer has little history.",
            **compared(order, ratio, center),
        ),
    )


def first_order_high(order, history):
    """The customer's very first order, and a large one for the store."""
    if history.get("customer_totals"):
        return None
    totals = history.get("store_totals") or []
    if len(totals) < MIN_STORE_ORDERS:
        return None
    center = median(totals)
    if order["total"] < STORE_RATIO * center:
        return None
    return fact(
        "first_order_high",
        25,
        _lt(
            "First order of this customer, at %(ratio)s times or more the store's median "
            "of %(median)s.",
            ratio=STORE_RATIO,
            median=fmt(center),
        ),
    )


def country_mismatch(order, history):
    """Billing and shipping countries differ."""
    billing, shipping = order.get("billing_country"), order.get("shipping_country")
    if not (billing and shipping) or billing == shipping:
        return None
    return fact(
        "country_mismatch",
        25,
        _lt(
            "Billing country %(billing)s differs from shipping country %(shipping)s.",
            billing=billing,
            shipping=shipping,
        ),
    )


def sku_quantity(order, history):
    """A quantity far above usual: this customer's usual line quantity when known,
    else what the store usually sells of the SKU (its 90th percentile)."""
    own = history.get("customer_quantities") or []
    found = []
    for line in order.get("lines") or []:
        by_customer = len(own) >= MIN_CUSTOMER_ORDERS
        if by_customer:
            usual, limits = median(own), (8, 8)
        else:
            quantities = sorted((history.get("sku_quantities") or {}).get(line["sku"]) or [])
            if len(quantities) < MIN_SKU_ORDERS:
                continue
            usual, limits = quantities[int(0.9 * (len(quantities) - 1))], (10, 20)
        ratio = line["quantity"] / usual if usual > 0 else 0.0
        if ratio >= limits[0]:
            found.append((ratio, line, usual, by_customer, 65 if ratio >= limits[1] else 40))
    if not found:
        return None
    ratio, line, usual, by_customer, weight = max(found, key=lambda item: item[0])
    args = {
        "quantity": f"{line['quantity']:g}",
        "sku": line["sku"],
        "ratio": f"{ratio:.1f}",
        "usual": f"{usual:g}",
    }
    if by_customer:
        sentence = _lt(
            "Quantity %(quantity)s of %(sku)s is %(ratio)s times this customer's usual %(usual)s.",
            **args,
        )
    else:
        sentence = _lt(
            "Quantity %(quantity)s of %(sku)s is %(ratio)s times the usual %(sku)s quantity "
            "of %(usual)s.",
            **args,
        )
    return fact("sku_quantity", weight, sentence)


def below_cost(order, history):
    """A unit price below the product's cost."""
    lines = [
        line
        for line in order.get("lines") or []
        if line.get("cost") and line["price_unit"] < line["cost"] - 0.005
    ]
    if not lines:
        return None
    line = min(lines, key=lambda ln: ln["price_unit"] / ln["cost"])
    return fact(
        "below_cost",
        65,
        _lt(
            "Unit price %(price)s of %(sku)s is below its cost of %(cost)s.",
            price=fmt(line["price_unit"]),
            sku=line["sku"],
            cost=fmt(line["cost"]),
        ),
    )


def email_velocity(order, history, window_minutes):
    """Many orders from one email in a short time."""
    date = order.get("date")
    if not (date and order.get("email")):
        return None
    since = date - timedelta(minutes=window_minutes)
    recent = [d for d in history.get("email_dates") or [] if since <= d <= date]
    if len(recent) < VELOCITY_ORDERS:
        return None
    return fact(
        "email_velocity",
        65,
        _lt(
            "%(count)s orders from %(email)s within %(minutes)s minutes.",
            count=len(recent) + 1,
            email=order["email"],
            minutes=window_minutes,
        ),
    )


FACTS = (customer_total, store_total, first_order_high, country_mismatch, sku_quantity, below_cost)


def level_of(score, settings):
    for level in ("high", "medium", "low"):
        if score >= settings[level]:
            return level
    return "none"


def score_order(order, history, settings=None, lang=None):
    """Score (0-100), level and facts (heaviest first) of one order, the facts'
    sentences in ``lang`` (English when not given)."""
    settings = {**DEFAULTS, **(settings or {})}
    facts = [check(order, history) for check in FACTS]
    facts.append(email_velocity(order, history, settings["window_minutes"]))
    facts = sorted((f for f in facts if f), key=lambda f: -f["weight"])
    for f in facts:
        f["sentence"] = render(f["sentence"], lang)
    score = min(100, sum(f["weight"] for f in facts))
    return {"score": score, "level": level_of(score, settings), "facts": facts}


def describe(facts):
    """The facts as text, one per line, with their weight."""
    return "\n".join(f"+{f['weight']}: {f['sentence']}" for f in facts)
