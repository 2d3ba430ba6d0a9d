"""What the wizards' dialogs share: reading a pasted JSON object, showing the dialog again."""

import json

from odoo.exceptions import UserError


def json_object(text, not_json, not_object):
    """The JSON object pasted as ``text``.

    UserError with ``not_json(error)`` when it is not JSON, ``not_object`` when it is
    JSON but not an object.
    """
    try:
        obj = json.loads(text or "")
    except ValueError as exc:
        raise UserError(not_json(exc)) from exc
    if not isinstance(obj, dict):
        raise UserError(not_object)
    return obj


def reopen(wizard, **values):
    """The window action showing ``wizard`` again in its dialog (``values``: e.g. its name)."""
    return {
        "type": "ir.actions.act_window",
        "res_model": wizard._name,
        "res_id": wizard.id,
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        **values,
    }
