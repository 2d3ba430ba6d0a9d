"""Mapping lines against the channel's sample: where each line comes from (default,
accepted suggestion, admin) and the value it reads on the sample object."""

import json

from odoo import api, fields, models

from ..tools.mapping import MappingError, apply_line
from ..tools.mapping_suggest import prepare_sample

ORIGINS = [
    ("default", "Platform default"),
    ("suggested", "Accepted suggestion"),
    ("manual", "Set by an admin"),
]
# Fields whose change by hand makes a line the admin's own.
CONTENT_FIELDS = {
    "target_field",
    "source_path",
    "transform",
    "fmt",
    "value_map_code",
    "template",
    "separator",
    "split_index",
    "default",
    "condition",
    "currency_path",
    "currency_to",
}


class StorefrontFieldMapping(models.Model):
    """Where each mapping line comes from, and the value it reads on the channel's sample."""

    _inherit = "storefront.field.mapping"

    origin = fields.Selection(
        ORIGINS,
        default="manual",
        required=True,
        help="Lines set by an admin are never replaced by an accepted suggestion.",
    )
    sample_value = fields.Char(
        string="Value on sample",
        compute="_compute_sample_value",
        help="What this line reads from the channel's sample object.",
    )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for line, vals in zip(self, vals_list, strict=True):
            if not line.channel_id and "origin" not in (default or {}):
                vals["origin"] = "default"
        return vals_list

    def write(self, vals):
        if CONTENT_FIELDS & set(vals) and not self.env.context.get("storefront_mapping_suggest"):
            vals = dict(vals, origin="manual")
        return super().write(vals)

    @api.depends(
        "channel_id.mapping_sample",
        "entity",
        "source_path",
        "transform",
        "template",
        "value_map_code",
        "default",
        "condition",
    )
    def _compute_sample_value(self):
        samples = {}
        for line in self:
            channel = line.channel_id
            if not (channel and channel.mapping_sample):
                line.sample_value = False
                continue
            key = (channel.id, line.entity)
            if key not in samples:
                samples[key] = channel._mapping_sample_object(line.entity)
            sample = samples[key]
            if sample is None:
                line.sample_value = False
                continue
            line.sample_value = display_value(
                sample, line._as_engine_line(), channel._get_value_maps()
            )


def sample_object(entity, sample):
    """The object of ``entity`` in a sample (a line or an address taken from an order)."""
    obj, _reason = prepare_sample(entity, sample)
    return obj if isinstance(obj, dict) else None


def display_value(obj, line, value_maps):
    """What a mapping line reads from ``obj``, as text; a problem starts with ``!``."""
    try:
        applies, value = apply_line(obj, line, value_maps)
    except (MappingError, ValueError, TypeError) as exc:
        return f"! {exc}"
    if not applies:
        return "(condition not met)"
    if value is None:
        return ""
    if isinstance(value, bool | int | float | list | dict):
        return json.dumps(value, default=str)
    return str(value)
