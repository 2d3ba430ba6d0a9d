"""WooCommerce's ``refunded`` order status keeps its meaning instead of ``cancel``.

Mapped to ``cancel``, a refunded order already invoiced failed to update and
its refunds were never credited. The value maps are ``noupdate`` data: the
line still holding the old default is changed, in the platform's template and
in the channels' own copies; a value set to anything else is left as it is.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE storefront_value_map_line line
           SET target_value = 'refunded'
          FROM storefront_value_map vmap
         WHERE line.map_id = vmap.id
           AND vmap.platform = 'woocommerce' AND vmap.code = 'order_status'
           AND line.source_value = 'refunded' AND line.target_value = 'cancel'
        """
    )
