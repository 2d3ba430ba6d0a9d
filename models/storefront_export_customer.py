from odoo import _, api, fields, models

from ..connectors import errors
from .storefront_sync_log import payload_hash

EVENT = "customer.update"
ADDRESS_TYPES = ("contact", "invoice", "delivery", "other")


class StorefrontExportCustomer(models.AbstractModel):
    """Customers out: name, email and addresses of bound customers, where the API takes them."""

    _name = "storefront.export.customer"
    _description = "Storefront customer export"

    @api.model
    def _queue(self, partners):
        """Hook entry: queue the partners at commit, unless the importers changed them."""
        if partners and not self.env.context.get("storefront_import"):
            self.env["storefront.outbound.queue"]._defer(self._name, partners)

    @api.model
    def _queue_now(self, partners):
        """Queue the bound customers among ``partners`` and the parents of addresses."""
        channels = self.env["storefront.channel"].sudo().search([("export_customers", "=", True)])
        if not channels:
            return 0
        partners = partners.sudo().with_context(active_test=False)
        candidates = partners | partners.parent_id
        Binding = self.env["storefront.binding"].sudo()
        count = 0
        for channel in channels:
            bound = Binding._bound_records(channel, candidates)
            count += self.env["storefront.outbound.queue"]._queue_records(channel, EVENT, bound)
        return count

    @api.model
    def _process_log(self, log):
        """Send the customer's profile and addresses when they changed; return the partner."""
        partner = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .browse((log.payload or {}).get("res_id"))
            .exists()
        )
        channel = log.channel_id
        binding = self.env["storefront.binding"]._lookup(channel, "res.partner", partner)[:1]
        if not (partner and binding):
            raise errors.BusinessError(_("The customer of this entry is no longer bound."))
        values = self._values(partner)
        withheld = not channel.export_customer_login_email and values.pop("email", None)
        digest = payload_hash(values)
        if binding.last_sent_hash == digest:
            log.response_summary = _("Unchanged: the storefront has these values already.")
            return partner
        if not log._push("push_customer", binding.external_id, values):
            return partner
        binding.write({"last_sent_hash": digest, "last_sync_date": fields.Datetime.now()})
        log.response_summary = _("Customer %s sent.", binding.external_id)
        if withheld:
            log.response_summary += " " + _(
                "Login email left unchanged: the channel does not send login email changes."
            )
        return partner

    @api.model
    def _values(self, partner):
        """The platform-neutral values of a customer: profile and addresses."""
        first, _sep, last = (partner.name or "").rpartition(" ")
        addresses = partner | partner.child_ids.filtered(
            lambda child: child.active and child.type in ADDRESS_TYPES
        )
        return {
            "name": partner.name or "",
            "first_name": first or last,
            "last_name": last if first else "",
            "email": partner.email or "",
            "phone": partner.phone or "",
            "addresses": [self._address(partner, address) for address in addresses],
        }

    @api.model
    def _address(self, partner, address):
        first, _sep, last = (address.name or partner.name or "").rpartition(" ")
        return {
            "key": self._address_key(address),
            "type": "contact" if address == partner else address.type,
            "first_name": first or last,
            "last_name": last if first else "",
            "email": address.email or partner.email or "",
            "phone": address.phone or "",
            "street": address.street or "",
            "street2": address.street2 or "",
            "city": address.city or "",
            "zip": address.zip or "",
            "state_code": address.state_id.code or "",
            "country_code": address.country_id.code or "",
        }

    @api.model
    def _address_key(self, address):
        """The stable storefront key of an Odoo address (its CustomKey where keys exist)."""
        database = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"odoo-{database}-partner-{address.id}"
