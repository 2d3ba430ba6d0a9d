import phonenumbers

from odoo import _, api, models

from ..connectors import errors
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
        obj = log._get_object()
        values = channel._map("customer", obj)
        external_id = values.get("external_id")
        binding = self.env["storefront.binding"]._find(channel, "res.partner", external_id)
        digest = payload_hash(obj)
        if binding and not binding._is_newer(values.get("revision"), digest):
            log.response_summary = _("Skipped: a newer version of this customer is applied.")
            return self.env["res.partner"].browse(binding.res_id)
        partner = self._match_partner(channel, external_id, values.get("email"), values.get("name"))
        partner.write(self._partner_values(values))
        self.env["storefront.binding"]._bind(
            channel, partner, external_id, revision=values.get("revision"), external_hash=digest
        )
        return partner

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
    def _match_partner(self, channel, external_id, email, name):
        """The customer: by binding, then by email (case-insensitive), else created."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        partner = Partner
        if external_id:
            partner = self.env["storefront.binding"]._to_internal(
                channel, "res.partner", external_id
            )
        if not partner and email:
            partner = Partner.search(
                [("email", "=ilike", email.strip()), ("parent_id", "=", False)],
                order="id",
                limit=1,
            )
        if not partner:
            if not (email or name):
                raise errors.ValidationError(_("The customer has neither an email nor a name."))
            partner = Partner.create(
                {
                    "name": name or email,
                    "email": email,
                    "customer_rank": 1,
                    "company_id": False,
                }
            )
        if external_id:
            self.env["storefront.binding"]._bind(channel, partner, external_id)
        return partner

    @api.model
    def _address(self, channel, parent, values, address_type):
        """A child contact of ``parent`` for the mapped address, reused when identical."""
        address = self._address_values(channel, values)
        if not address.get("name"):
            address["name"] = parent.name
        domain = [("parent_id", "=", parent.id), ("type", "=", address_type)] + [
            (field, "=", address.get(field) or False) for field in ADDRESS_FIELDS
        ]
        existing = self.env["res.partner"].search(domain, limit=1)
        return existing or self.env["res.partner"].create(
            dict(address, parent_id=parent.id, type=address_type)
        )

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
