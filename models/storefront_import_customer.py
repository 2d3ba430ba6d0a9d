import phonenumbers

from odoo import _, api, models
from odoo.tools import email_normalize

from ..connectors import errors
from ..tools.locking import lock_for_update
from .storefront_sync_log import payload_hash

ADDRESS_FIELDS = (
    "name",
    "street",
    "street2",
    "zip",
    "city",
    "country_id",
    "state_id",
    "phone",
    "email",
)


class StorefrontImportCustomer(models.AbstractModel):
    """Customers and addresses from storefront objects, never duplicated."""

    _name = "storefront.import.customer"
    _description = "Storefront customer import"

    @api.model
    def _process_log(self, log):
        """Create or update the customer of a ``customer.*`` event."""
        channel = log.channel_id
        obj, values = log._mapped_object("customer")
        external_id = values.get("external_id")
        binding = self.env["storefront.binding"]._find(channel, "res.partner", external_id)
        digest = payload_hash(obj)
        if binding and not binding._is_newer(values.get("revision"), digest):
            log.response_summary = _("Skipped: a newer version of this customer is applied.")
            return self.env["res.partner"].browse(binding.res_id)
        partner, owned = self._match_partner_owned(
            channel, external_id, values.get("email"), values.get("name")
        )
        if owned:
            self._update_partner(partner, self._partner_values(values))
        if external_id and not self._bound_to_another(channel, partner, external_id):
            self.env["storefront.binding"]._bind(
                channel, partner, external_id, revision=values.get("revision"), external_hash=digest
            )
        return partner

    @api.model
    def _update_partner(self, partner, values):
        """Write what changes on a partner, locked first: workers share customers."""
        current = partner._convert_to_write({name: partner[name] for name in values})
        changes = {name: value for name, value in values.items() if current[name] != value}
        if changes:
            lock_for_update(partner)
            partner.write(changes)

    @api.model
    def _complete_address(self, channel, partner, address):
        """Give a partner the connector created the address of its first order."""
        if partner.country_id or not address:
            return
        values = self._address_values(channel, address)
        self._update_partner(
            partner, {key: value for key, value in values.items() if value and key != "email"}
        )

    @api.model
    def _partner_values(self, values):
        result = {}
        if values.get("name"):
            result["name"] = values["name"]
        if values.get("email"):
            result["email"] = values["email"]
        if values.get("active") is not None:
            result["active"] = str(values["active"]).lower() not in ("0", "false")
        return result

    @api.model
    def _match_partner_owned(self, channel, external_id, email, name):
        """Return ``(partner, owned)``: by binding, then by exact email, else created.

        ``owned`` tells whether the connector created the partner: only such a
        partner takes the storefront's name, email and active flag; one that
        existed before is bound but never overwritten (addresses come as children).
        """
        Binding = self.env["storefront.binding"]
        if external_id:
            binding = Binding._find(channel, "res.partner", external_id)
            partner = binding and binding._record()
            if partner:
                return partner, binding.record_created
        partner = self._match_email(email, channel.company_id)
        owned = False
        if not partner:
            if not (email or name):
                raise errors.ValidationError(_("The customer has neither an email nor a name."))
            self._claim_new_email(email)
            partner = self.env["res.partner"].create(
                {
                    "name": name or email,
                    "email": email,
                    "customer_rank": 1,
                    "company_id": False,
                }
            )
            owned = True
        if external_id and not self._bound_to_another(channel, partner, external_id):
            Binding._bind(channel, partner, external_id, record_created=owned)
        return partner, owned

    @api.model
    def _claim_new_email(self, email):
        """Make this transaction the only one creating a customer for ``email``.

        Orders of one new guest processed at once would each create a partner:
        a lock per email serializes them, and one that finds the partner
        committed by another worker since its snapshot is retried, then matches it.
        """
        normalized = email_normalize(email) if isinstance(email, str) else False
        if not normalized:
            return
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"storefront.customer:{normalized}"],
        )
        with self.env.registry.cursor() as cr:
            if self.with_env(self.env(cr=cr))._match_email(email):
                raise errors.TransientError(
                    _("Another worker created the customer %s meanwhile: retried.", email),
                    retry_after=1,
                )

    @api.model
    def _bound_to_another(self, channel, partner, external_id):
        """True when ``partner`` is bound to another customer of the channel.

        A store may hold two accounts with one email (a guest checkout and a
        registered account): the second matches the first's partner by email and
        uses it unbound, since a record is bound to one storefront object per channel.
        """
        bound = self.env["storefront.binding"]._to_external(channel, partner)
        return bool(bound) and bound != str(external_id)

    @api.model
    def _match_email(self, email, company=None):
        """The oldest customer partner whose normalised email is exactly ``email``'s.

        No pattern matching (``_`` and ``%`` are letters); never a company,
        a company's own partner, nor the partner of an internal user; with
        ``company``, only a partner shared or of that company.
        """
        normalized = email_normalize(email) if isinstance(email, str) else False
        if not normalized:
            return self.env["res.partner"]
        candidates = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search(
                [
                    ("email_normalized", "=", normalized),
                    ("parent_id", "=", False),
                    ("is_company", "=", False),
                    *([("company_id", "in", (False, company.id))] if company else []),
                ],
                order="id",
            )
        )
        company_partners = set(self.env["res.company"].sudo().search([]).partner_id.ids)
        for partner in candidates:
            users = partner.sudo().with_context(active_test=False).user_ids
            if partner.id in company_partners or any(not user.share for user in users):
                continue
            return partner
        return self.env["res.partner"]

    @api.model
    def _address(self, channel, parent, values, address_type):
        """A child contact of ``parent`` for the mapped address, reused when identical."""
        address = self._address_values(channel, values)
        domain = [("parent_id", "=", parent.id), ("type", "=", address_type)] + [
            (field, "=", address.get(field) or False) for field in ADDRESS_FIELDS if field != "name"
        ]
        if _same_name(address.get("name"), parent.name):
            # Unnamed, the address reads "Jane Doe, Delivery Address", not "Jane Doe, Jane Doe";
            # one named after its parent before is still the same address.
            address["name"] = False
            domain.append(("name", "in", (False, parent.name)))
        else:
            domain.append(("name", "=", address["name"]))
        existing = self.env["res.partner"].search(domain, limit=1)
        if existing:
            return existing
        # Odoo may copy a first child's address onto its parent: lock the parent.
        lock_for_update(parent)
        return self.env["res.partner"].create(dict(address, parent_id=parent.id, type=address_type))

    @api.model
    def _address_values(self, channel, values):
        country = self._country(channel, values.get("country_code"))
        state = self.env["res.country.state"]
        if country and values.get("state_code"):
            # Storefronts send "BE" where Odoo may store the ISO 3166-2 form "DE-BE".
            code = values["state_code"].upper()
            state = state.search(
                [("country_id", "=", country.id), ("code", "in", (code, f"{country.code}-{code}"))],
                limit=1,
            )
        return {
            "name": values.get("name"),
            "street": values.get("street"),
            "street2": values.get("street2"),
            "zip": values.get("zip"),
            "city": values.get("city"),
            "country_id": country.id,
            "state_id": state.id,
            "phone": format_phone(values.get("phone"), country.code),
            "email": values.get("email"),
        }

    @api.model
    def _country(self, channel, code):
        if not code:
            return self.env["res.country"]
        code = channel._get_value_maps().get("country", {}).get(code, code)
        country = self.env["res.country"].search([("code", "=", code.upper())], limit=1)
        if not country:
            raise errors.ValidationError(_("Unknown country code %s.", code))
        return country


def _same_name(name, parent_name):
    """True when an address has no name of its own: none, or its parent's."""
    return (
        not name
        or " ".join(name.split()).casefold() == " ".join((parent_name or "").split()).casefold()
    )


def format_phone(raw, country_code=None):
    """E.164 when the number parses for the country; the raw value otherwise."""
    if not raw:
        return False
    try:
        number = phonenumbers.parse(raw, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
