"""Data of the mapping suggestion engine: canonical targets, synonyms, code lists.

Every target names what the default mappings fill (data/storefront_field_mapping_data.xml).
``aliases`` are the usual ways storefronts name the field in general; ``kind`` is the
expected type of the value; ``transform`` is the engine transform suggested with it.
"""

# Abbreviations and synonyms, folded to one canonical token before comparing names.
SYNONYMS = {
    "qty": "quantity",
    "quantities": "quantity",
    "amt": "amount",
    "addr": "address",
    "adr": "address",
    "desc": "description",
    "descr": "description",
    "num": "number",
    "no": "number",
    "nr": "number",
    "nbr": "number",
    "ref": "reference",
    "zip": "zip",
    "zipcode": "zip",
    "postcode": "zip",
    "postal": "zip",
    "postalcode": "zip",
    "plz": "zip",
    "tel": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "cur": "currency",
    "ccy": "currency",
    "curr": "currency",
    "identifier": "id",
    "key": "id",
    "uid": "id",
    "pk": "id",
    "sku": "sku",
    "code": "code",
    "mail": "email",
    "e": "e",
    "created": "create",
    "creation": "create",
    "modified": "update",
    "updated": "update",
    "modify": "update",
    "changed": "update",
    "lastmodified": "update",
    "msrp": "price",
    "cost": "cost",
    "province": "state",
    "region": "state",
    "county": "state",
    "town": "city",
    "locality": "city",
    "fname": "firstname",
    "lname": "lastname",
    "given": "first",
    "surname": "lastname",
    "family": "last",
    "comment": "note",
    "comments": "note",
    "notes": "note",
    "remark": "note",
    "message": "note",
    "items": "item",
    "lines": "line",
    "products": "product",
    "totals": "total",
    "taxes": "tax",
    "discounts": "discount",
    "payments": "payment",
    "addresses": "address",
    "dt": "date",
    "ts": "date",
    "timestamp": "date",
    "time": "date",
    "at": "date",
    "on": "date",
}

# Tokens too common to say anything about a field.
STOPWORDS = frozenset({"the", "of", "a", "sales", "sale", "gmt", "utc", "set", "shop", "money"})

EMAIL = "email"
CURRENCY = "currency"
DATETIME = "datetime"
MONEY = "money"
QUANTITY = "quantity"
ID = "id"
REF = "ref"
TEXT = "text"
STATUS = "status"
COUNTRY = "country"
STATE = "state"
PHONE = "phone"
ZIP = "zip"
BOOL = "bool"

# The transform a value of each kind is suggested with, when not "str".
KIND_TRANSFORMS = {MONEY: "float", QUANTITY: "float", BOOL: "bool"}


def _target(kind, *aliases, transform=None, **extra):
    """``(aliases, kind, transform, extra)`` of a target: the kind's transform unless given."""
    return list(aliases), kind, transform or KIND_TRANSFORMS.get(kind, "str"), extra


# entity -> target -> (aliases, kind, transform, extra)
TARGETS = {
    "order": {
        "external_id": _target(ID, "id", "order id", "entity id"),
        "client_order_ref": _target(
            REF,
            "order number",
            "number",
            "reference",
            "order reference",
            "increment id",
            "custom id",
        ),
        "email": _target(EMAIL, "email", "customer email", "contact email", "billing email"),
        "currency": _target(CURRENCY, "currency", "currency code", "order currency"),
        "date_order": _target(
            DATETIME,
            "create date",
            "date create",
            "order date",
            "date",
            "placed date",
            "date add",
            transform="datetime",
        ),
        "revision": _target(
            DATETIME, "update date", "date update", "last update", "date upd", "version"
        ),
        "note": _target(TEXT, "note", "customer note", "order note", "instructions"),
        "status": _target(
            STATUS,
            "status",
            "order status",
            "payment status",
            "financial status",
            transform="value_map",
            value_map_code="order_status",
        ),
        "shipping_status": _target(
            STATUS, "shipping status", "fulfillment status", "delivery status", "shipment status"
        ),
        "customer_external_id": _target(ID, "customer id", "user id", "client id"),
        "carrier_name": _target(
            TEXT, "shipping method", "shipping method name", "carrier", "shipping title"
        ),
        "amount_total": _target(MONEY, "total", "grand total", "total price", "order total"),
        "amount_untaxed": _target(
            MONEY, "subtotal", "sub total", "subtotal price", "net total", "total net"
        ),
        "amount_shipping": _target(
            MONEY,
            "shipping",
            "shipping total",
            "shipping amount",
            "shipping price",
            "shipping cost",
        ),
        "amount_tax": _target(MONEY, "tax", "total tax", "tax amount", "tax total", "vat"),
        "amount_discount": _target(
            MONEY, "discount", "discount total", "total discount", "discount amount"
        ),
        "amount_paid": _target(MONEY, "paid", "amount paid", "total paid", "paid amount"),
        "amount_gift_card": _target(
            MONEY, "gift card", "gift card amount", "gift cards", "gift certificate"
        ),
        "purchase_order": _target(REF, "purchase order number", "po number", "po"),
        "payment_method": _target(
            STATUS, "payment method", "payment gateway", "payment gateway name", "payment"
        ),
        "tracking_number": _target(REF, "tracking number", "tracking", "tracking code"),
    },
    "order_line": {
        "external_id": _target(ID, "id", "line id", "item id"),
        "product_external_id": _target(ID, "product id"),
        "sku": _target(REF, "sku", "product sku", "product code", "item code", "article number"),
        "name": _target(TEXT, "name", "product name", "title", "item name", "description"),
        "quantity": _target(QUANTITY, "quantity", "qty ordered", "count", "units"),
        "price_unit": _target(
            MONEY, "price", "unit price", "list price", "base price", "item price"
        ),
        "price_net": _target(
            MONEY, "net price", "item net price", "price sold", "sale price", "discounted price"
        ),
        "subtotal": _target(
            MONEY, "subtotal", "line total", "row total", "total", "discounted subtotal"
        ),
    },
    "address": {
        "name": _target(TEXT, "name", "full name", "contact name"),
        "street": _target(TEXT, "street", "address", "street 1", "address 1", "address line 1"),
        "street2": _target(TEXT, "street 2", "address 2", "address line 2"),
        "zip": _target(ZIP, "zip", "zip code", "post code"),
        "city": _target(TEXT, "city"),
        "country_code": _target(COUNTRY, "country code", "country", "country id"),
        "state_code": _target(STATE, "state code", "state", "region code"),
        "phone": _target(PHONE, "phone", "phone number", "phone 1"),
        "email": _target(EMAIL, "email", "email 1", "email address"),
    },
    "customer": {
        "external_id": _target(ID, "id", "customer id", "user id", "profile id"),
        "email": _target(EMAIL, "email", "login", "username", "email address"),
        "name": _target(TEXT, "name", "full name", "display name"),
        "active": _target(BOOL, "active", "enabled", "status", "is active"),
        "revision": _target(DATETIME, "update date", "date update", "last update"),
    },
    "product": {
        "external_id": _target(ID, "id", "product id"),
        "default_code": _target(REF, "sku", "product code", "code", "reference", "custom id"),
        "name": _target(TEXT, "name", "title", "product name"),
        "list_price": _target(MONEY, "price", "list price", "base price", "regular price"),
        "weight": _target(QUANTITY, "weight", "net weight"),
        "sale_ok": _target(BOOL, "enabled", "active", "published", "available"),
        "revision": _target(DATETIME, "update date", "date update", "last update"),
    },
}

# Leaf names too generic to say what they hold without their parent.
GENERIC_LEAVES = frozenset(
    {"value", "amount", "code", "id", "name", "title", "total", "price", "number", "label"}
)

# Keys that, on a list of objects, mark the order's lines.
LINE_LIST_TOKENS = frozenset({"item", "line", "product"})
LINE_KEY_TOKENS = frozenset({"sku", "quantity", "price"})

# Names paired into a template for the "name" targets.
FIRST_NAME_TOKENS = (("firstname",), ("first", "name"), ("first",))
LAST_NAME_TOKENS = (("lastname",), ("last", "name"), ("last",))

_COUNTRIES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW"""
COUNTRY_CODES = frozenset(_COUNTRIES.split())

_CURRENCIES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
    GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
    KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"""
CURRENCY_CODES = frozenset(_CURRENCIES.split())
