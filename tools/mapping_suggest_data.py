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

# entity -> target -> (aliases, kind, transform, extra)
TARGETS = {
    "order": {
        "external_id": (["id", "order id", "entity id"], ID, "str", {}),
        "client_order_ref": (
            ["order number", "number", "reference", "order reference", "increment id", "custom id"],
            REF,
            "str",
            {},
        ),
        "email": (["email", "customer email", "contact email", "billing email"], EMAIL, "str", {}),
        "currency": (["currency", "currency code", "order currency"], CURRENCY, "str", {}),
        "date_order": (
            ["create date", "date create", "order date", "date", "placed date", "date add"],
            DATETIME,
            "datetime",
            {},
        ),
        "revision": (
            ["update date", "date update", "last update", "date upd", "version"],
            DATETIME,
            "str",
            {},
        ),
        "note": (["note", "customer note", "order note", "instructions"], TEXT, "str", {}),
        "status": (
            ["status", "order status", "payment status", "financial status"],
            STATUS,
            "value_map",
            {"value_map_code": "order_status"},
        ),
        "shipping_status": (
            ["shipping status", "fulfillment status", "delivery status", "shipment status"],
            STATUS,
            "str",
            {},
        ),
        "customer_external_id": (["customer id", "user id", "client id"], ID, "str", {}),
        "carrier_name": (
            ["shipping method", "shipping method name", "carrier", "shipping title"],
            TEXT,
            "str",
            {},
        ),
        "amount_total": (
            ["total", "grand total", "total price", "order total"],
            MONEY,
            "float",
            {},
        ),
        "amount_untaxed": (
            ["subtotal", "sub total", "subtotal price", "net total", "total net"],
            MONEY,
            "float",
            {},
        ),
        "amount_shipping": (
            ["shipping", "shipping total", "shipping amount", "shipping price", "shipping cost"],
            MONEY,
            "float",
            {},
        ),
        "amount_tax": (["tax", "total tax", "tax amount", "tax total", "vat"], MONEY, "float", {}),
        "amount_discount": (
            ["discount", "discount total", "total discount", "discount amount"],
            MONEY,
            "float",
            {},
        ),
        "amount_paid": (["paid", "amount paid", "total paid", "paid amount"], MONEY, "float", {}),
        "amount_gift_card": (
            ["gift card", "gift card amount", "gift cards", "gift certificate"],
            MONEY,
            "float",
            {},
        ),
        "purchase_order": (["purchase order number", "po number", "po"], REF, "str", {}),
        "payment_method": (
            ["payment method", "payment gateway", "payment gateway name", "payment"],
            STATUS,
            "str",
            {},
        ),
        "tracking_number": (["tracking number", "tracking", "tracking code"], REF, "str", {}),
    },
    "order_line": {
        "external_id": (["id", "line id", "item id"], ID, "str", {}),
        "product_external_id": (["product id"], ID, "str", {}),
        "sku": (
            ["sku", "product sku", "product code", "item code", "article number"],
            REF,
            "str",
            {},
        ),
        "name": (["name", "product name", "title", "item name", "description"], TEXT, "str", {}),
        "quantity": (["quantity", "qty ordered", "count", "units"], QUANTITY, "float", {}),
        "price_unit": (
            ["price", "unit price", "list price", "base price", "item price"],
            MONEY,
            "float",
            {},
        ),
        "price_net": (
            ["net price", "item net price", "price sold", "sale price", "discounted price"],
            MONEY,
            "float",
            {},
        ),
        "subtotal": (
            ["subtotal", "line total", "row total", "total", "discounted subtotal"],
            MONEY,
            "float",
            {},
        ),
    },
    "address": {
        "name": (["name", "full name", "contact name"], TEXT, "str", {}),
        "street": (
            ["street", "address", "street 1", "address 1", "address line 1"],
            TEXT,
            "str",
            {},
        ),
        "street2": (["street 2", "address 2", "address line 2"], TEXT, "str", {}),
        "zip": (["zip", "zip code", "post code"], ZIP, "str", {}),
        "city": (["city"], TEXT, "str", {}),
        "country_code": (["country code", "country", "country id"], COUNTRY, "str", {}),
        "state_code": (["state code", "state", "region code"], STATE, "str", {}),
        "phone": (["phone", "phone number", "phone 1"], PHONE, "str", {}),
        "email": (["email", "email 1", "email address"], EMAIL, "str", {}),
    },
    "customer": {
        "external_id": (["id", "customer id", "user id", "profile id"], ID, "str", {}),
        "email": (["email", "login", "username", "email address"], EMAIL, "str", {}),
        "name": (["name", "full name", "display name"], TEXT, "str", {}),
        "active": (["active", "enabled", "status", "is active"], BOOL, "bool", {}),
        "revision": (["update date", "date update", "last update"], DATETIME, "str", {}),
    },
    "product": {
        "external_id": (["id", "product id"], ID, "str", {}),
        "default_code": (["sku", "product code", "code", "reference", "custom id"], REF, "str", {}),
        "name": (["name", "title", "product name"], TEXT, "str", {}),
        "list_price": (["price", "list price", "base price", "regular price"], MONEY, "float", {}),
        "weight": (["weight", "net weight"], QUANTITY, "float", {}),
        "sale_ok": (["enabled", "active", "published", "available"], BOOL, "bool", {}),
        "revision": (["update date", "date update", "last update"], DATETIME, "str", {}),
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
