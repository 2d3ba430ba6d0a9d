"""The platform adapter interface and the registry of adapters by platform code.

An adapter owns a platform's whole vocabulary: how its client is built from
the channel's settings, how its objects are listed, dated, fetched and
checked, how its catalogue is indexed and what the outbound calls are. The
models only speak to the adapter (``channel._adapter()``). Plain Python, no ORM.
"""

from datetime import UTC, datetime

from .errors import UnsupportedError, ValidationError, _lt

# Refund notifications are the connector's own shape, whatever the platform.
REFUND_SHAPE = {"amount": "number", "order_id": "scalar", "refund_id": "scalar"}

# Products per page of the catalogue index (one committed step each).
CATALOGUE_PAGE_SIZE = 100
BARCODE_KEYS = ("barcode", "Barcode", "global_unique_id", "upc", "UPC", "ean", "EAN", "gtin")

ADAPTERS = {}  # platform code (the channel's ``platform`` value) -> adapter class


def register(cls):
    """Class decorator: make ``cls`` the adapter of the platform ``cls.code``."""
    ADAPTERS[cls.code] = cls
    return cls


def get_adapter_class(code):
    """The adapter class of a platform code; ValidationError when none is registered."""
    try:
        return ADAPTERS[code]
    except KeyError:
        raise ValidationError(_lt("Unknown storefront platform %(code)r.", code=code)) from None


def platform_selection():
    """The ``platform`` selection: one entry per registered adapter, in sequence."""
    return [(cls.code, cls.label) for cls in sorted(ADAPTERS.values(), key=lambda c: c.sequence)]


class StorefrontAdapter:
    """One storefront platform, as the models see it.

    ``settings`` holds the channel's ``base_url`` and its values of
    ``credential_fields`` and ``option_fields``; ``options`` are the client's
    transport options (timeout, rate limit, rate key, deadline).
    """

    code = None
    label = None
    sequence = 10
    # What the platform can do beyond reading orders and pushing stock and status.
    capabilities = frozenset()
    # Why a capability is missing, in words for the sync log: {capability: reason}.
    limitations = {}
    # Channel fields this adapter reads: credentials first, then options.
    credential_fields = ()
    option_fields = ()
    # Entities the API lists by change date (polling) and fetches by id.
    poll_entities = ("order", "product")
    # Mapped shipping statuses of an order the store already shipped or delivered.
    fulfilled_statuses = frozenset()
    # Shape checks by entity: path -> kind (see tools/payload_check.py).
    shapes = {}
    # Client methods reading one object by id, by entity (a refund is read as its order).
    fetch_methods = {}
    # Value map holding the storefront's code for an Odoo order status.
    status_map = None
    # Stock updates one call can carry (1: one call per product).
    stock_batch_size = 1
    # Topics of the store's own webhooks, by inbound flow field (empty: the store
    # cannot register webhooks through its API).
    webhook_topics = {}

    def __init__(self, settings, **options):
        self.settings = dict(settings)
        self.options = options
        self._client = None

    # -- set-up ----------------------------------------------------------

    @classmethod
    def default_settings(cls, base_url):
        """Settings derived from the store URL (the setup wizard's suggestions)."""
        return {}

    def credentials_complete(self):
        """True when every credential the API needs is filled in."""
        return all(self.settings.get(name) for name in self.credential_fields)

    @property
    def client(self):
        """The REST client, built once from the settings."""
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def make_client(self):
        """Build the platform's REST client."""
        raise NotImplementedError

    def _client_options(self, *secrets):
        return dict(self.options, secrets=tuple(s for s in secrets if s))

    @property
    def last_response_summary(self):
        """What the last call's answer said, for the sync log."""
        return self._client.last_response_summary if self._client else ""

    def store_summary(self):
        """Read-only look at the store: ``(product count or text, raw order dates)``."""
        raise NotImplementedError

    # -- inbound ---------------------------------------------------------

    def list_changed(self, entity, since, skip, page_size, max_pages):
        """Objects of ``entity`` changed since ``since`` (aware or naive UTC, or None).

        Skips the first ``skip`` pages of the window, reads at most
        ``max_pages``. Returns ``(objects, pages read, complete)``.
        """
        raise NotImplementedError

    def object_date(self, entity, obj):
        """The raw last-change date of an object (ISO text or unix seconds)."""
        raise NotImplementedError

    def object_created(self, entity, obj):
        """The raw creation date of an object (the history import's date range)."""
        for key in ("create_date", "CreatedDate", "date_created_gmt", "date_created", "date"):
            if obj.get(key):
                return obj[key]
        return self.object_date(entity, obj)

    @classmethod
    def order_fulfilled(cls, order, values):
        """True when the store already shipped or completed the order (``values``: mapped)."""
        return str(values.get("shipping_status") or "").upper() in cls.fulfilled_statuses

    def fetch(self, entity, external_id):
        """One object by id (thin notifications); a refund's id is its order's."""
        method = self.fetch_methods.get("order" if entity == "refund" else entity)
        if not method:
            raise ValidationError(
                _lt(
                    "%(platform)s objects of type %(entity)s cannot be fetched.",
                    platform=self.label,
                    entity=entity,
                )
            )
        return getattr(self.client, method)(external_id)

    @classmethod
    def lists_refunds(cls):
        """True when the platform's orders list their refunds (``order_refunds``)."""
        return cls.order_refunds is not StorefrontAdapter.order_refunds

    def fetch_refund(self, order_id, refund_id):
        """One refund of an order, in the refund shape, or None when the order lists none
        of that id (thin notifications): read from the order's own list of refunds."""
        order = self.fetch("order", order_id)
        for refund in self.order_refunds(order):
            if str(refund["refund_id"]) == str(refund_id):
                return refund
        return None

    @staticmethod
    def order_lines(order):
        """The line objects of an order."""
        raise NotImplementedError

    @staticmethod
    def order_addresses(order):
        """``(billing object, shipping object or None)`` of an order."""
        raise NotImplementedError

    @staticmethod
    def order_payments(order):
        """``[(amount, status)]`` of the payments an order lists (empty when none)."""
        return []

    @staticmethod
    def order_refunds(order):
        """Refunds an order lists, in the refund shape (``refund_id``, ``order_id``,
        ``amount``), for platforms that send no refund notifications of their own."""
        return []

    @staticmethod
    def order_fees(order):
        """The order's fees (gift wrapping, surcharges...) as ``{name, amount, tax}``:
        ``amount`` untaxed, ``tax`` what the store charged on it (None: unknown, the
        fee product's taxes apply)."""
        return []

    # -- webhooks (default scheme: Standard Webhooks) ---------------------

    @classmethod
    def webhook_ping(cls, headers, form):
        """True for an unsigned test request of the store, answered 200 and stored nowhere."""
        return False

    @classmethod
    def verify_webhook(cls, secrets, headers, raw_body, tolerance):
        """Tell whether a delivery is signed with one of ``secrets`` (constant time)."""
        from ..tools.webhook import signature_is_valid

        return signature_is_valid(
            secrets,
            headers.get("webhook-id"),
            headers.get("webhook-timestamp"),
            raw_body,
            headers.get("webhook-signature"),
            tolerance,
        )

    @classmethod
    def read_webhook(cls, headers, raw_body):
        """``(event, object, delivery id, dedup key or None)`` of a verified delivery.

        Raises WebhookRejected (HTTP 400) for a body or event it cannot take.
        """
        from ..tools.webhook import parse_envelope, valid_webhook_id

        webhook_id = valid_webhook_id(headers.get("webhook-id"))
        event, data = parse_envelope(raw_body)
        return event, data, webhook_id, None

    def register_webhooks(self, delivery_url, secret, topics):
        """Create or update the store's webhooks of ``topics``; ``[{topic, id, status}]``."""
        raise UnsupportedError(self.limitation("webhook_register"))

    def webhook_states(self, delivery_url):
        """``{topic: status}`` of the store's webhooks to ``delivery_url``."""
        raise UnsupportedError(self.limitation("webhook_register"))

    # -- outbound --------------------------------------------------------

    def catalogue_page(self, page, size=CATALOGUE_PAGE_SIZE):
        """Page ``page`` (0-based) of the store's products, with their variants.

        Returns ``(entries, complete, total pages or None)``; each entry is a
        :func:`catalogue_entry` dict. ``complete`` is True on the last page.
        """
        raise NotImplementedError

    def push_stock(self, external_id, parent_id, quantity):
        """Set the absolute stock of a product (or of a variant of ``parent_id``)."""
        raise NotImplementedError

    def push_stock_batch(self, items):
        """Set the absolute stock of ``[(id, parent id or None, quantity)]``."""
        for external_id, parent_id, quantity in items:
            self.push_stock(external_id, parent_id, quantity)
        return True

    def push_shipment(self, order_id, key, tracking, carrier):
        """Send a shipment's tracking number; False when the order has it already.

        Only called when ``"tracking"`` is in the capabilities. ``key`` is
        stable for one Odoo delivery (a repeated push updates, never adds).
        """
        raise UnsupportedError(_lt("%(platform)s takes no tracking numbers.", platform=self.label))

    def push_order_status(self, order_id, status, value_maps):
        """Set the order's status for the Odoo ``status`` (shipped, cancelled...).

        Returns False when the platform has no status for it (nothing sent).
        """
        raise NotImplementedError

    def push_product(self, values):
        """Create or update one storefront product from Odoo's values; return its id.

        ``values``: ``external_id`` (None: create), ``sku``, ``name``,
        ``description``, ``price``, ``active`` and ``variants`` (``external_id``,
        ``sku``, ``price``, ``active``). A None value is not sent.
        """
        raise UnsupportedError(self.limitation("product_write"))

    def push_customer(self, external_id, values):
        """Update a customer: ``name``, ``first_name``, ``last_name``, ``email``,
        ``phone`` and ``addresses`` (each with a stable ``key``)."""
        raise UnsupportedError(self.limitation("customer_write"))

    def push_payment_status(self, order_external_id, values):
        """Mark an order paid: ``status``, ``code`` (from the payment_status_out value
        map, or None), ``amount``, ``currency``."""
        raise UnsupportedError(self.limitation("payment_status"))

    def limitation(self, capability):
        """Why the platform cannot do ``capability``, for the sync log."""
        return self.limitations.get(capability) or _lt(
            "the %(platform)s API cannot do it.", platform=self.label
        )

    def _status_code(self, status, value_maps, default=None):
        return (value_maps.get(self.status_map) or {}).get(status) or default


def present(values):
    """``values`` without the keys Odoo has no value for (the store keeps its own)."""
    return {key: value for key, value in values.items() if value not in (None, "")}


def parse_storefront_date(value):
    """Return a naive UTC datetime from an ISO 8601 text or unix seconds, else None."""
    if value in (None, "", False):
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            moment = datetime.fromtimestamp(value, UTC)
        else:
            moment = datetime.fromisoformat(str(value).strip())
    except (ValueError, OverflowError, OSError):
        return None
    if moment.tzinfo:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def older_than(changed, since):
    """True when a raw change date is known and before ``since`` (naive UTC or None)."""
    changed = parse_storefront_date(changed)
    return bool(since and changed and changed < since)


def catalogue_entry(obj, object_id, parent=None, variants=0):
    """The catalogue index's view of a store product or variant: ``id``,
    ``parent_id``, ``sku``, ``barcode``, ``name``, ``options`` ({attribute: value})
    and ``variants`` (how many the product has)."""
    name = obj.get("name") or obj.get("Name") or (parent or {}).get("name") or ""
    return {
        "id": object_id,
        "parent_id": (parent or {}).get("id"),
        "sku": obj.get("sku") or obj.get("CustomKey") or None,
        "barcode": next((str(obj[key]) for key in BARCODE_KEYS if obj.get(key)), None),
        "name": str(name),
        "options": catalogue_options(obj),
        "variants": variants,
    }


def catalogue_options(obj):
    """``{attribute: value}`` of a variant: a dict, or a list of ``{name, option|value}``."""
    options = obj.get("attributes") or obj.get("options") or {}
    if isinstance(options, dict):
        return {str(key): str(value) for key, value in options.items()}
    return {
        str(item.get("name")): str(item.get("option") or item.get("value"))
        for item in options
        if isinstance(item, dict) and item.get("name") and (item.get("option") or item.get("value"))
    }
